# The function may read and write its one table and write its own logs; nothing else.

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "function" {
  name                 = "${var.name}-function"
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  permissions_boundary = var.permissions_boundary_arn
}

data "aws_iam_policy_document" "function" {
  statement {
    sid = "CountVisits"
    # TransactWriteItems is authorised item by item: PutItem for the marker, UpdateItem for ADD.
    actions = [
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:Query",
    ]
    resources = [aws_dynamodb_table.this.arn]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:log-stream:*"]
  }
}

resource "aws_iam_role_policy" "function" {
  name   = "count-visits"
  role   = aws_iam_role.function.id
  policy = data.aws_iam_policy_document.function.json
}

# The aggregator may read its table's stream, add to the counters (the partitions PATH#… and
# its place in the stream, STREAM), hand a batch it cannot add to its failure queue, and write
# its own logs. It cannot touch a visitor marker, a salt, a cap bucket or a share link.
resource "aws_iam_role" "aggregator" {
  name                 = "${var.name}-aggregator"
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  permissions_boundary = var.permissions_boundary_arn
}

data "aws_iam_policy_document" "aggregator" {
  statement {
    sid       = "ReadTheStream"
    actions   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
    resources = [aws_dynamodb_table.this.stream_arn]
  }

  statement {
    sid = "AddToTheCounters"
    # TransactWriteItems is authorised item by item: PutItem for the stream position,
    # UpdateItem for ADD; GetItem reads the position and the named referrers of a day.
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.this.arn]
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["PATH#*", "STREAM"]
    }
  }

  statement {
    sid       = "HandOverFailedBatches"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.aggregator_failures.arn]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.aggregator.arn}:log-stream:*"]
  }
}

resource "aws_iam_role_policy" "aggregator" {
  name   = "aggregate-views"
  role   = aws_iam_role.aggregator.id
  policy = data.aws_iam_policy_document.aggregator.json
}
