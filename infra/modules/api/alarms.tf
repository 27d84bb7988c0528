# Guards: an alarm on errors and one on throttles (reserved concurrency reached), mailed
# through an SNS topic when an address is given.

locals {
  alarms_on = var.alarms.enabled
  mail_on   = var.alarms.enabled && var.alarms.email != null
}

# Not encrypted with the AWS managed key alias/aws/sns: CloudWatch cannot use that key, so an
# alarm could never publish and no e-mail would ever arrive. A customer managed key would cost
# $1 a month, more than the rest of the stack; the topic carries only alarm states (a function
# name and a count), and its policy lets nothing but this account's alarms publish.
resource "aws_sns_topic" "alarms" {
  #checkov:skip=CKV_AWS_26:alias/aws/sns cannot be used by CloudWatch alarms (no e-mail would ever arrive); the topic holds alarm states only.
  count = local.mail_on ? 1 : 0
  name  = "${var.name}-alarms"
}

data "aws_iam_policy_document" "alarms_topic" {
  count = local.mail_on ? 1 : 0

  statement {
    sid       = "OnlyThisAccountsAlarmsPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms[0].arn]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alarms" {
  count  = local.mail_on ? 1 : 0
  arn    = aws_sns_topic.alarms[0].arn
  policy = data.aws_iam_policy_document.alarms_topic[0].json
}

resource "aws_sns_topic_subscription" "email" {
  count     = local.mail_on ? 1 : 0
  topic_arn = aws_sns_topic.alarms[0].arn
  protocol  = "email"
  endpoint  = var.alarms.email
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  count               = local.alarms_on ? 1 : 0
  alarm_name          = "${var.name}-errors"
  alarm_description   = "The counter function failed invocations."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 5
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.mail_on ? [aws_sns_topic.alarms[0].arn] : []
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  count               = local.alarms_on ? 1 : 0
  alarm_name          = "${var.name}-throttles"
  alarm_description   = "The counter function hit its reserved concurrency."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.mail_on ? [aws_sns_topic.alarms[0].arn] : []
}

# The counts lag the views by the aggregator's delay: an iterator age of minutes means it has
# stopped keeping up (failing batches are retried, and hold their shard back meanwhile).
resource "aws_cloudwatch_metric_alarm" "aggregator_lag" {
  count               = local.alarms_on ? 1 : 0
  alarm_name          = "${var.name}-aggregator-lag"
  alarm_description   = "The aggregator is more than 5 minutes behind the views (counts are late; check its errors)."
  namespace           = "AWS/Lambda"
  metric_name         = "IteratorAge"
  dimensions          = { FunctionName = aws_lambda_function.aggregator.function_name, Resource = "${aws_lambda_function.aggregator.function_name}:${aws_lambda_alias.aggregator_live.name}" }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 300000
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.mail_on ? [aws_sns_topic.alarms[0].arn] : []
}

# A batch the aggregator gave up on: its views are not in the counts until it is replayed.
resource "aws_cloudwatch_metric_alarm" "aggregator_failures" {
  count               = local.alarms_on ? 1 : 0
  alarm_name          = "${var.name}-aggregator-failures"
  alarm_description   = "A batch of views could not be added and waits in the failure queue (infra/README.md, Counting on DynamoDB)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.aggregator_failures.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.mail_on ? [aws_sns_topic.alarms[0].arn] : []
}
