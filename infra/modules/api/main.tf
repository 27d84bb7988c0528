# The counter API: DynamoDB table, Lambda function with its alias `live` and an AWS_IAM function
# URL on that alias. CloudFront (modules/site) is the only caller. Beside it the aggregator
# (aggregator.tf): a view writes only its own items, and the aggregator sums the table's stream
# into the counters that every view of a page shares.
#
# Zero-downtime deploys: Terraform creates the function once from a placeholder and never
# touches its code again (ignore_changes on filename/source_code_hash); the alias ignores
# function_version. The API pipeline publishes versions and moves `live`; `terraform apply`
# never replaces live code or moves the alias back.

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_dynamodb_table" "this" {
  #checkov:skip=CKV_AWS_119:The table holds counts and hashed, day-scoped keys only; the AWS owned key encrypts it at rest without a customer key's cost.
  name                        = var.name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  # Visitor markers and daily salts carry expires_at and are forgotten by DynamoDB.
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  # Each written visitor marker, to the aggregator (aggregator.tf). New images only: it needs
  # what a view is, never what was there before.
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:The logs hold no personal data (no IP, no User-Agent); CloudWatch's default encryption suffices.
  #checkov:skip=CKV_AWS_338:Request logs of a resume site are kept 30 days by default on purpose (data minimisation); log_retention_days raises it.
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
}

# A stand-in until the API pipeline's first deploy: it fails every invocation, and `live`
# points at it only until then.
data "archive_file" "placeholder" {
  type        = "zip"
  output_path = "${path.module}/.terraform-placeholder/bootstrap.zip"

  source {
    filename = "bootstrap"
    content  = "#!/bin/sh\n# Placeholder: replaced by the API pipeline (cloud-resume deploy api).\nexit 1\n"
  }
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_117:The function only calls DynamoDB over its public endpoint; a VPC would add NAT or endpoint cost and nothing to protect.
  #checkov:skip=CKV_AWS_116:Invoked synchronously through its function URL; a dead-letter queue applies only to asynchronous invocations.
  #checkov:skip=CKV_AWS_173:The environment holds a table name and settings, no secrets.
  #checkov:skip=CKV_AWS_50:X-Ray tracing is not needed for one small function and would need a resource-wildcard permission.
  #checkov:skip=CKV_AWS_272:Code is shipped only by the API pipeline's OIDC role; code signing is not set up for a single-author resume.
  function_name = var.name
  role          = aws_iam_role.function.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  architectures = [var.architecture]
  memory_size   = var.memory_mb
  timeout       = var.timeout_seconds
  # -1: no reservation (the function draws on the account's unreserved pool).
  reserved_concurrent_executions = var.reserved_concurrency == null ? -1 : var.reserved_concurrency
  publish                        = true
  filename                       = data.archive_file.placeholder.output_path
  source_code_hash               = data.archive_file.placeholder.output_base64sha256

  environment {
    variables = {
      TABLE_NAME        = aws_dynamodb_table.this.name
      REFRESH_WINDOW    = var.refresh_window
      VIEWS_PER_IP_HOUR = tostring(var.views_per_ip_hour)
      SITE_NAME         = var.site_name
      SITE_ORIGINS      = join(",", var.site_origins)
      SITE_LANGUAGES    = join(",", var.site_languages)
      RUST_LOG          = "info"
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  lifecycle {
    # The API pipeline owns the code; an apply must never put the placeholder back.
    ignore_changes = [filename, source_code_hash]
  }

  depends_on = [aws_iam_role_policy.function]
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  description      = "The version CloudFront serves; moved only by the API pipeline (deploy/rollback)."
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version

  lifecycle {
    # Deploys publish versions and move the alias (with canary weights), and keep the versions
    # it served in its description for `rollback api`; Terraform leaves all three alone.
    ignore_changes = [function_version, routing_config, description]
  }
}

resource "aws_lambda_function_url" "this" {
  function_name      = aws_lambda_function.this.function_name
  qualifier          = aws_lambda_alias.live.name
  authorization_type = "AWS_IAM"
}
