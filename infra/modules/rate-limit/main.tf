# The request-rate cap in front of the API: a WAF web ACL for CloudFront (scope CLOUDFRONT,
# which lives in us-east-1) whose one rule blocks a client address that sends more than the
# limit of /api/ requests in five minutes. The site's pages and assets are not counted: they are
# served from CloudFront's cache for fractions of a cent per ten thousand.
#
# Opt-in (envs/prod `rate_limit`): it costs about $6 a month, more than the rest of the stack.
# Sampled requests are off: they would keep viewers' IP addresses.

resource "aws_wafv2_web_acl" "this" {
  #checkov:skip=CKV2_AWS_31:WAF logs hold viewers' IP addresses, which this project never keeps.
  #checkov:skip=CKV_AWS_192:The Lambda has no Java and no Log4j; a managed rule group would cost more than the stack.
  name        = "${var.name}-rate-limit"
  description = "Blocks a client address past ${var.api_requests_per_5_minutes} API requests in 5 minutes."
  scope       = "CLOUDFRONT"

  default_action {
    allow {}
  }

  rule {
    name     = "api-requests-per-address"
    priority = 0

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit                 = var.api_requests_per_5_minutes
        evaluation_window_sec = 300
        aggregate_key_type    = "IP"

        scope_down_statement {
          byte_match_statement {
            search_string         = "/api/"
            positional_constraint = "STARTS_WITH"
            field_to_match {
              uri_path {}
            }
            text_transformation {
              priority = 0
              type     = "NONE"
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-api-rate"
      sampled_requests_enabled   = false
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name}-rate-limit"
    sampled_requests_enabled   = false
  }
}
