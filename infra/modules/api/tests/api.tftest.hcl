# terraform test (run by the infrastructure pipeline): plan-time properties of modules/api.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
}

mock_provider "archive" {}

variables {
  name      = "cloud-resume-test"
  site_name = "resume.example.com"
}

run "function_url_is_iam_only_on_the_live_alias" {
  command = plan

  assert {
    condition     = aws_lambda_function_url.this.authorization_type == "AWS_IAM"
    error_message = "The function URL must require AWS_IAM (CloudFront signs with OAC)."
  }
  assert {
    condition     = aws_lambda_function_url.this.qualifier == "live"
    error_message = "The function URL must be on the alias live."
  }
  assert {
    condition     = aws_lambda_alias.live.name == "live"
    error_message = "The alias must be called live."
  }
}

run "the_function_is_small_capped_and_arm64" {
  command = plan

  assert {
    condition     = aws_lambda_function.this.runtime == "provided.al2023" && aws_lambda_function.this.architectures == tolist(["arm64"])
    error_message = "provided.al2023 on arm64 by default."
  }
  assert {
    condition     = aws_lambda_function.this.memory_size == 128 && aws_lambda_function.this.reserved_concurrent_executions == -1
    error_message = "128 MB, and no reservation by default (a new account has no concurrency to reserve)."
  }
  assert {
    condition     = aws_lambda_function.this.environment[0].variables["TABLE_NAME"] == "cloud-resume-test"
    error_message = "The function is told its table."
  }
  assert {
    condition     = aws_lambda_function.this.environment[0].variables["VIEWS_PER_IP_HOUR"] == "30"
    error_message = "The inflation cap is 30 views per address an hour by default, as in serve."
  }
  assert {
    condition     = aws_lambda_function.this.environment[0].variables["SITE_ORIGINS"] == ""
    error_message = "No site origins are listed unless given."
  }
}

run "the_site_origins_reach_the_function" {
  command = plan

  variables {
    site_origins      = ["https://resume.example.com", "https://www.resume.example.com"]
    views_per_ip_hour = 0
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["SITE_ORIGINS"] == "https://resume.example.com,https://www.resume.example.com"
    error_message = "The origins are passed comma-separated, as the function reads them."
  }
  assert {
    condition     = aws_lambda_function.this.environment[0].variables["VIEWS_PER_IP_HOUR"] == "0"
    error_message = "0 turns the cap off."
  }
}

run "an_origin_with_a_path_is_refused" {
  command = plan

  variables {
    site_origins = ["https://resume.example.com/"]
  }

  expect_failures = [var.site_origins]
}

run "a_negative_or_fractional_cap_is_refused" {
  command = plan

  variables {
    views_per_ip_hour = 2.5
  }

  expect_failures = [var.views_per_ip_hour]
}

run "the_table_expires_markers_and_can_be_restored" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.this.ttl[0].attribute_name == "expires_at" && aws_dynamodb_table.this.ttl[0].enabled
    error_message = "TTL on expires_at."
  }
  assert {
    condition     = aws_dynamodb_table.this.point_in_time_recovery[0].enabled && aws_dynamodb_table.this.deletion_protection_enabled
    error_message = "PITR and deletion protection."
  }
  assert {
    condition     = aws_dynamodb_table.this.billing_mode == "PAY_PER_REQUEST"
    error_message = "On-demand billing."
  }
}

run "alarms_can_be_switched_off" {
  command = plan

  variables {
    alarms = { enabled = false }
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.errors) == 0 && length(aws_cloudwatch_metric_alarm.throttles) == 0
    error_message = "No alarms when disabled."
  }
}

run "memory_below_128_is_refused" {
  command = plan

  variables {
    memory_mb = 64
  }

  expect_failures = [var.memory_mb]
}

run "unbounded_concurrency_is_refused" {
  command = plan

  variables {
    reserved_concurrency = 0
  }

  expect_failures = [var.reserved_concurrency]
}

run "reserved_concurrency_when_asked" {
  command = plan

  variables {
    reserved_concurrency = 10
  }

  assert {
    condition     = aws_lambda_function.this.reserved_concurrent_executions == 10
    error_message = "The reservation asked for."
  }
}

run "alarm_mail_can_be_published_by_cloudwatch" {
  command = plan

  variables {
    alarms = { email = "owner@example.com" }
  }

  assert {
    condition     = aws_sns_topic.alarms[0].kms_master_key_id == null || aws_sns_topic.alarms[0].kms_master_key_id != "alias/aws/sns"
    error_message = "CloudWatch cannot publish to a topic under the AWS managed SNS key."
  }
  assert {
    condition     = length(aws_sns_topic_policy.alarms) == 1
    error_message = "The topic says who may publish."
  }
}

run "a_zero_refresh_window_is_refused" {
  command = plan

  variables {
    refresh_window = "0s"
  }

  expect_failures = [var.refresh_window]
}

run "a_refresh_window_over_a_day_is_refused" {
  command = plan

  variables {
    refresh_window = "25h"
  }

  expect_failures = [var.refresh_window]
}

run "the_aggregator_reads_new_images_of_markers_and_loses_no_batch" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.this.stream_enabled && aws_dynamodb_table.this.stream_view_type == "NEW_IMAGE"
    error_message = "The table streams new images to the aggregator."
  }
  assert {
    condition     = aws_lambda_function.aggregator.handler == "aggregate" && aws_lambda_function.aggregator.environment[0].variables["TABLE_NAME"] == "cloud-resume-test"
    error_message = "The aggregator is bootstrap with the handler aggregate, told its table."
  }
  assert {
    condition     = aws_lambda_event_source_mapping.aggregator.bisect_batch_on_function_error && aws_lambda_event_source_mapping.aggregator.tumbling_window_in_seconds > 0 && aws_lambda_event_source_mapping.aggregator.starting_position == "TRIM_HORIZON"
    error_message = "Bisect on error, a tumbling window (events name their shard), from the oldest record."
  }
  assert {
    condition     = aws_lambda_event_source_mapping.aggregator.maximum_record_age_in_seconds == 86400 && aws_lambda_event_source_mapping.aggregator.batch_size == 1000
    error_message = "Batches of up to 1,000, retried for up to a day by default."
  }
  assert {
    condition     = aws_sqs_queue.aggregator_failures.sqs_managed_sse_enabled
    error_message = "The failure queue is encrypted."
  }
}
