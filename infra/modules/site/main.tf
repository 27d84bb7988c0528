# The site: a private S3 bucket read only by CloudFront (origin access control), and the
# distribution that serves it, with /api/* routed to the Lambda function URL (origin access
# control for Lambda, so only this distribution can invoke it).

data "aws_caller_identity" "current" {}

# AWS managed CloudFront policies, by their IDs, which are the same in every account (AWS
# documents them under "Use managed cache policies" and "Use managed origin request policies").
# Looking them up by name would need cloudfront:ListCachePolicies, which takes no resource ARN,
# on the read-only plan role and the infrastructure role, on every plan.
locals {
  cache_policy = {
    caching_optimized = "658327ea-f89d-4fab-a63d-7e88639e58f6" # Managed-CachingOptimized
    caching_disabled  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" # Managed-CachingDisabled
  }
  # Every viewer header but Host (the function URL needs its own), plus CloudFront's headers:
  # CloudFront-Viewer-Address (the API counts by the viewer's address) and
  # CloudFront-Viewer-Country (the owner's report counts views by country) among them.
  all_viewer_except_host_header = "b689b0a8-53d0-40ab-baf2-68738e2966ac" # Managed-AllViewerExceptHostHeader
}

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_18:Access logs would need a second bucket; CloudFront is the only reader and the site is public content.
  #checkov:skip=CKV_AWS_144:A rendered resume is rebuilt from the repository in minutes; cross-region replication adds nothing.
  #checkov:skip=CKV_AWS_145:CloudFront reads through origin access control, which needs a customer managed KMS key for SSE-KMS; SSE-S3 protects public content at no cost.
  #checkov:skip=CKV2_AWS_62:Nothing reacts to uploads; event notifications have no consumer.
  bucket_prefix = "${var.name}-site-"
  force_destroy = false
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "old-versions-and-uploads"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

data "aws_iam_policy_document" "bucket" {
  statement {
    sid       = "CloudFrontReadsThroughOAC"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.this.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.this.arn]
    }
  }

  # With ListBucket, S3 answers a missing key with 404 instead of 403, so the distribution maps
  # only 404 to the site's 404 page and every 403 (an API's cross_site, or a misconfigured
  # origin access control on the function URL) reaches the viewer as it was sent.
  statement {
    sid       = "CloudFrontListsThroughOAC"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.this.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.this.arn]
    }
  }

  statement {
    sid       = "TLSOnly"
    effect    = "Deny"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket     = aws_s3_bucket.this.id
  policy     = data.aws_iam_policy_document.bucket.json
  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_cloudfront_origin_access_control" "s3" {
  name                              = "${var.name}-s3"
  description                       = "CloudFront signs every request to the site bucket."
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_origin_access_control" "lambda" {
  name                              = "${var.name}-lambda"
  description                       = "CloudFront signs every request to the API's function URL (AWS_IAM auth)."
  origin_access_control_origin_type = "lambda"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_response_headers_policy" "this" {
  #checkov:skip=CKV_AWS_259:HSTS is on (two years, override); includeSubDomains and preload bind every subdomain of the owner's domain, so they are the owner's choice (var.hsts).
  name    = "${var.name}-security-headers"
  comment = "HSTS, a self-only CSP, nosniff, no framing, a strict referrer policy."

  security_headers_config {
    # includeSubDomains and preload reach beyond this site (an apex domain's every subdomain,
    # and browsers' built-in lists): only on the owner's word (var.hsts).
    strict_transport_security {
      access_control_max_age_sec = var.hsts.max_age_seconds
      include_subdomains         = var.hsts.include_subdomains
      preload                    = var.hsts.preload
      override                   = true
    }
    content_security_policy {
      content_security_policy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
      override                = true
    }
    content_type_options {
      override = true
    }
    frame_options {
      frame_option = "DENY"
      override     = true
    }
    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }
  }
}

# A folder's address answers with its index.html: a language's page is /de/ (the site's pages,
# one folder per language of the resume). The S3 REST origin behind origin access control
# serves no index document below the root; default_root_object covers / alone.
resource "aws_cloudfront_function" "index" {
  name    = "${var.name}-index"
  comment = "/de/ answers with de/index.html; /de redirects to /de/"
  runtime = "cloudfront-js-2.0"
  publish = true
  code    = file("${path.module}/index-document.js")
}

resource "aws_cloudfront_distribution" "this" {
  #checkov:skip=CKV_AWS_68:A WAF web ACL (about $6/month) is opt-in: envs/prod's rate_limit variable (infra/README.md, What caps the bill).
  #checkov:skip=CKV2_AWS_47:The opt-in web ACL holds a rate rule only; the Lambda has no Java and no Log4j.
  #checkov:skip=CKV_AWS_86:Access logs would record viewers' IP addresses, which this project never keeps.
  #checkov:skip=CKV_AWS_310:One region by design; origin failover would need a second bucket and function.
  #checkov:skip=CKV_AWS_374:A resume is for readers anywhere; no geo restriction.
  #checkov:skip=CKV2_AWS_42:The custom domain is optional; without one the CloudFront certificate serves (TLSv1.2_2021 applies whenever a domain is set).
  #checkov:skip=CKV_AWS_174:TLSv1.2_2021 whenever a custom domain is set; CloudFront's own certificate always applies TLSv1 and says so, whatever is asked.
  enabled             = true
  comment             = "${var.name}: resume site and visitor counter API"
  default_root_object = "index.html"
  http_version        = "http2and3"
  is_ipv6_enabled     = true
  price_class         = var.price_class
  aliases             = var.domain == null ? [] : [var.domain.name]
  # The optional request-rate cap (modules/rate-limit): a WAF web ACL in us-east-1.
  web_acl_id = var.web_acl_arn

  origin {
    origin_id                = "site"
    domain_name              = aws_s3_bucket.this.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.s3.id
  }

  origin {
    origin_id                = "api"
    domain_name              = var.api.function_url_domain
    origin_access_control_id = aws_cloudfront_origin_access_control.lambda.id

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id           = "site"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.cache_policy.caching_optimized
    response_headers_policy_id = aws_cloudfront_response_headers_policy.this.id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.index.arn
    }
  }

  ordered_cache_behavior {
    path_pattern               = "/api/*"
    target_origin_id           = "api"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.cache_policy.caching_disabled
    origin_request_policy_id   = local.all_viewer_except_host_header
    response_headers_policy_id = aws_cloudfront_response_headers_policy.this.id
  }

  # A missing page shows the site's 404 page. Custom error responses apply to every origin, so
  # only 404 is mapped (S3 answers 404 for a missing key: CloudFront may list the bucket) and
  # nothing is cached for longer than its own headers say: the API's 400/403/405/413/415/503
  # answers pass through as its JSON, and an /api/* 404 keeps its status (its body becomes the
  # 404 page). See infra/README.md, "Errors through CloudFront".
  custom_error_response {
    error_code            = 404
    response_code         = 404
    response_page_path    = "/404.html"
    error_caching_min_ttl = 0
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.domain == null
    acm_certificate_arn            = var.domain == null ? null : var.domain.certificate_arn
    ssl_support_method             = var.domain == null ? null : "sni-only"
    # On the default *.cloudfront.net certificate CloudFront always applies TLSv1 and answers so
    # whatever was asked: asking for more would be a change in every plan.
    minimum_protocol_version = var.domain == null ? "TLSv1" : "TLSv1.2_2021"
  }
}

# Only this distribution may invoke the function, and only through its URL on the alias:
# both permissions are needed for a function URL with AWS_IAM auth behind OAC.
resource "aws_lambda_permission" "cloudfront_url" {
  statement_id           = "AllowCloudFrontInvokeFunctionUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = var.api.function_name
  qualifier              = var.api.alias_name
  principal              = "cloudfront.amazonaws.com"
  source_arn             = aws_cloudfront_distribution.this.arn
  function_url_auth_type = "AWS_IAM"
}

resource "aws_lambda_permission" "cloudfront_invoke" {
  statement_id             = "AllowCloudFrontInvokeFunctionViaUrl"
  action                   = "lambda:InvokeFunction"
  function_name            = var.api.function_name
  qualifier                = var.api.alias_name
  principal                = "cloudfront.amazonaws.com"
  source_arn               = aws_cloudfront_distribution.this.arn
  invoked_via_function_url = true
}
