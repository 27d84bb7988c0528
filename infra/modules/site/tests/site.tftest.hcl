# terraform test (run by the infrastructure pipeline): plan-time properties of modules/site.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
}

variables {
  name = "cloud-resume-test"
  api = {
    function_name       = "cloud-resume-test"
    alias_name          = "live"
    function_url_domain = "abc.lambda-url.eu-west-2.on.aws"
  }
}

run "the_bucket_is_private" {
  command = plan

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ])
    error_message = "All four public access blocks."
  }
  assert {
    condition     = aws_s3_bucket_ownership_controls.this.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "Bucket owner enforced: no ACLs."
  }
}

run "both_origins_use_origin_access_control" {
  command = plan

  assert {
    condition     = aws_cloudfront_origin_access_control.s3.origin_access_control_origin_type == "s3"
    error_message = "OAC for the bucket."
  }
  assert {
    condition     = aws_cloudfront_origin_access_control.lambda.origin_access_control_origin_type == "lambda"
    error_message = "OAC for the function URL."
  }
}

run "api_behaviour_and_tls" {
  command = plan

  assert {
    condition     = aws_cloudfront_distribution.this.ordered_cache_behavior[0].path_pattern == "/api/*"
    error_message = "/api/* goes to the function."
  }
  assert {
    condition     = length(aws_cloudfront_distribution.this.ordered_cache_behavior[0].allowed_methods) == 7
    error_message = "All methods reach the API."
  }
  assert {
    condition     = aws_cloudfront_distribution.this.http_version == "http2and3"
    error_message = "HTTP/2 and HTTP/3."
  }
  assert {
    condition     = aws_cloudfront_distribution.this.viewer_certificate[0].minimum_protocol_version == "TLSv1"
    error_message = "On the default certificate, what CloudFront applies and answers (else every plan shows a change)."
  }
}

run "a_custom_domain_gets_tls_1_2" {
  command = plan

  variables {
    domain = { name = "resume.example.com", certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc" }
  }

  assert {
    condition     = aws_cloudfront_distribution.this.viewer_certificate[0].minimum_protocol_version == "TLSv1.2_2021"
    error_message = "TLS 1.2 (2021 ciphers) at least on the site's own certificate."
  }
}

run "only_404_shows_the_404_page_and_nothing_is_cached" {
  command = plan

  assert {
    condition     = [for r in aws_cloudfront_distribution.this.custom_error_response : r.error_code] == [404]
    error_message = "403 must reach viewers as sent (the API's cross_site, a broken OAC)."
  }
  assert {
    condition     = alltrue([for r in aws_cloudfront_distribution.this.custom_error_response : r.error_caching_min_ttl == 0])
    error_message = "No error answer is cached beyond its own headers."
  }
}

run "hsts_stays_on_this_site_by_default" {
  command = plan

  assert {
    condition     = !aws_cloudfront_response_headers_policy.this.security_headers_config[0].strict_transport_security[0].include_subdomains
    error_message = "includeSubDomains only on the owner's word."
  }
  assert {
    condition     = !aws_cloudfront_response_headers_policy.this.security_headers_config[0].strict_transport_security[0].preload
    error_message = "preload only on the owner's word."
  }
}

run "hsts_preload_needs_subdomains" {
  command = plan

  variables {
    hsts = { preload = true }
  }

  expect_failures = [var.hsts]
}

run "both_lambda_permissions_for_this_distribution" {
  command = plan

  assert {
    condition     = aws_lambda_permission.cloudfront_url.action == "lambda:InvokeFunctionUrl" && aws_lambda_permission.cloudfront_url.function_url_auth_type == "AWS_IAM"
    error_message = "lambda:InvokeFunctionUrl for AWS_IAM URLs."
  }
  assert {
    condition     = aws_lambda_permission.cloudfront_invoke.action == "lambda:InvokeFunction" && aws_lambda_permission.cloudfront_invoke.invoked_via_function_url
    error_message = "lambda:InvokeFunction, only via the function URL."
  }
  assert {
    condition     = aws_lambda_permission.cloudfront_url.qualifier == "live" && aws_lambda_permission.cloudfront_invoke.qualifier == "live"
    error_message = "On the alias live."
  }
}

run "a_bad_domain_is_refused" {
  command = plan

  variables {
    domain = { name = "Not A Domain", certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/x" }
  }

  expect_failures = [var.domain]
}

run "a_folder_answers_with_its_index" {
  command = plan

  assert {
    condition     = aws_cloudfront_function.index.runtime == "cloudfront-js-2.0" && aws_cloudfront_function.index.publish
    error_message = "The index function runs on cloudfront-js-2.0 and is published (LIVE)."
  }
  assert {
    condition     = [for f in aws_cloudfront_distribution.this.default_cache_behavior[0].function_association : f.event_type] == ["viewer-request"]
    error_message = "The site's behaviour runs the index function on viewer requests."
  }
  assert {
    condition     = length(aws_cloudfront_distribution.this.ordered_cache_behavior[0].function_association) == 0
    error_message = "The API's behaviour runs no function."
  }
}
