# terraform test (run by the infrastructure pipeline): modules/rate-limit.

mock_provider "aws" {}

variables {
  name = "cloud-resume-test"
}

run "blocks_an_address_past_the_limit_on_the_api_only" {
  command = plan

  assert {
    condition     = aws_wafv2_web_acl.this.scope == "CLOUDFRONT"
    error_message = "A web ACL for CloudFront."
  }
  assert {
    condition     = one(aws_wafv2_web_acl.this.rule).statement[0].rate_based_statement[0].limit == 300
    error_message = "300 API requests per 5 minutes by default."
  }
  assert {
    condition     = one(aws_wafv2_web_acl.this.rule).statement[0].rate_based_statement[0].scope_down_statement[0].byte_match_statement[0].search_string == "/api/"
    error_message = "Only API requests count towards the limit."
  }
  assert {
    condition     = length(one(aws_wafv2_web_acl.this.rule).action[0].block) == 1
    error_message = "Past the limit, requests are blocked."
  }
}

run "keeps_no_addresses" {
  command = plan

  assert {
    condition     = !aws_wafv2_web_acl.this.visibility_config[0].sampled_requests_enabled && !one(aws_wafv2_web_acl.this.rule).visibility_config[0].sampled_requests_enabled
    error_message = "Sampled requests would keep viewers' IP addresses."
  }
}

run "a_limit_under_wafs_minimum_is_refused" {
  command = plan

  variables {
    api_requests_per_5_minutes = 5
  }

  expect_failures = [var.api_requests_per_5_minutes]
}
