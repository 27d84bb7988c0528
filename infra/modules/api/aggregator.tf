# The aggregator: the same bootstrap as the API function, with the handler `aggregate`. Lambda
# reads the table's stream and invokes it (on its alias `live`, moved by `deploy api` with the
# API's) with batches of written visitor markers; it adds each batch to the shared counters
# exactly once (a per-shard position written in the same transaction as the sums), so a retried,
# split or redelivered batch changes nothing.

resource "aws_cloudwatch_log_group" "aggregator" {
  #checkov:skip=CKV_AWS_158:The logs hold counts and shard ids only (no IP, no User-Agent); CloudWatch's default encryption suffices.
  #checkov:skip=CKV_AWS_338:Kept as long as the API's logs (log_retention_days); data minimisation.
  name              = "/aws/lambda/${var.name}-aggregator"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "aggregator" {
  #checkov:skip=CKV_AWS_117:The function only calls DynamoDB over its public endpoint; a VPC would add NAT or endpoint cost and nothing to protect.
  #checkov:skip=CKV_AWS_116:Invoked by its event source mapping, whose on-failure destination (an encrypted SQS queue) takes what it cannot add.
  #checkov:skip=CKV_AWS_173:The environment holds a table name, no secrets.
  #checkov:skip=CKV_AWS_50:X-Ray tracing is not needed for one small function and would need a resource-wildcard permission.
  #checkov:skip=CKV_AWS_272:Code is shipped only by the API pipeline's OIDC role; code signing is not set up for a single-author resume.
  #checkov:skip=CKV_AWS_115:One shard is read by one invocation at a time; its concurrency is bounded by the stream's shards, not by a reservation.
  function_name = "${var.name}-aggregator"
  role          = aws_iam_role.aggregator.arn
  runtime       = "provided.al2023"
  # Lambda tells a custom runtime its handler in _HANDLER: this one makes bootstrap the aggregator.
  handler          = "aggregate"
  architectures    = [var.architecture]
  memory_size      = var.memory_mb
  timeout          = var.aggregator.timeout_seconds
  publish          = true
  filename         = data.archive_file.placeholder.output_path
  source_code_hash = data.archive_file.placeholder.output_base64sha256

  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.this.name
      RUST_LOG   = "info"
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.aggregator.name
  }

  lifecycle {
    ignore_changes = [filename, source_code_hash]
  }

  depends_on = [aws_iam_role_policy.aggregator]
}

resource "aws_lambda_alias" "aggregator_live" {
  name             = "live"
  description      = "The version that adds the stream's views; moved only by the API pipeline (deploy/rollback)."
  function_name    = aws_lambda_function.aggregator.function_name
  function_version = aws_lambda_function.aggregator.version

  lifecycle {
    ignore_changes = [function_version, routing_config, description]
  }
}

# Batches the aggregator could not add, after every retry: their shard and sequence numbers
# (never the records themselves), to replay from the stream while it keeps them (24 hours).
resource "aws_sqs_queue" "aggregator_failures" {
  name                      = "${var.name}-aggregator-failures"
  sqs_managed_sse_enabled   = true
  message_retention_seconds = 1209600
}

resource "aws_lambda_event_source_mapping" "aggregator" {
  event_source_arn = aws_dynamodb_table.this.stream_arn
  function_name    = aws_lambda_alias.aggregator_live.arn
  # From the oldest record the stream keeps: views written before the mapping are not lost.
  starting_position                  = "TRIM_HORIZON"
  batch_size                         = var.aggregator.batch_size
  maximum_batching_window_in_seconds = var.aggregator.batching_window_seconds
  # Events of a tumbling window name their shard, which the aggregator's exactly-once position
  # is kept by; it keeps no state in the window.
  tumbling_window_in_seconds     = 60
  bisect_batch_on_function_error = true
  maximum_retry_attempts         = var.aggregator.maximum_retry_attempts
  maximum_record_age_in_seconds  = var.aggregator.maximum_record_age_seconds

  # Only written visitor markers of the stream design are views: not the counters the
  # aggregator itself writes, not salts or cap buckets, not deletions by the TTL.
  filter_criteria {
    filter {
      pattern = jsonencode({
        eventName = ["INSERT", "MODIFY"]
        dynamodb = {
          Keys     = { pk = { S = [{ prefix = "VISITOR#" }] } }
          NewImage = { counted_ms = { N = [{ exists = true }] } }
        }
      })
    }
  }

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.aggregator_failures.arn
    }
  }
}
