# Guards: an alarm on errors and one on throttles (reserved concurrency reached), mailed
# through an SNS topic when an address is given.

locals {
  alarms_on = var.alarms.enabled
  mail_on   = var.alarms.enabled && var.alarms.email != null
}

resource "aws_sns_topic" "alarms" {
  count             = local.mail_on ? 1 : 0
  name              = "${var.name}-alarms"
  kms_master_key_id = "alias/aws/sns"
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
