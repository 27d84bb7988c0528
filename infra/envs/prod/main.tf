# cloud-resume in production: the site (S3 + CloudFront), the counter API (Lambda + DynamoDB),
# the optional custom domain, the pipelines' OIDC roles and the cost guards.

module "api" {
  source = "../../modules/api"

  name                 = var.name
  site_name            = var.domain == null ? var.name : var.domain.name
  architecture         = var.api.architecture
  memory_mb            = var.api.memory_mb
  reserved_concurrency = var.api.reserved_concurrency
  refresh_window       = var.api.refresh_window
  views_per_ip_hour    = var.api.views_per_ip_hour
  # The CloudFront domain cannot be named here (the distribution depends on the function);
  # browsers on it send Sec-Fetch-Site, which the function believes.
  site_origins        = var.domain == null ? [] : ["https://${var.domain.name}"]
  site_languages      = var.site_languages
  log_retention_days  = var.api.log_retention_days
  deletion_protection = var.api.deletion_protection
  alarms              = var.alarms
  # The infrastructure pipeline may manage the function's role only within this boundary.
  permissions_boundary_arn = module.github_oidc.function_boundary_arn
}

module "dns" {
  source = "../../modules/dns"
  count  = var.domain == null ? 0 : 1
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  domain_name = var.domain.name
  zone_name   = var.domain.zone
  distribution = {
    domain_name    = module.site.distribution_domain_name
    hosted_zone_id = module.site.distribution_hosted_zone_id
  }
}

module "site" {
  source = "../../modules/site"

  name = var.name
  api = {
    function_name       = module.api.function_name
    alias_name          = module.api.alias_name
    function_url_domain = module.api.function_url_domain
  }
  domain = var.domain == null ? null : {
    name            = var.domain.name
    certificate_arn = module.dns[0].certificate_arn
  }
  hsts        = var.hsts
  web_acl_arn = var.rate_limit.enabled ? module.rate_limit[0].web_acl_arn : null
}

# Opt-in: blocks a client address past a number of API requests in five minutes (WAF, about
# $6 a month). What caps the bill without it: infra/README.md.
module "rate_limit" {
  source    = "../../modules/rate-limit"
  count     = var.rate_limit.enabled ? 1 : 0
  providers = { aws = aws.us_east_1 }

  name                       = var.name
  api_requests_per_5_minutes = var.rate_limit.api_requests_per_5_minutes
}

module "github_oidc" {
  source = "../../modules/github-oidc"

  name            = var.name
  environment     = var.github_environment
  repository      = var.github_repository
  create_provider = var.create_github_oidc_provider
  state           = var.state
  targets = {
    function_arn     = module.api.function_arn
    aggregator_arn   = module.api.aggregator_function_arn
    bucket_arn       = module.site.bucket_arn
    distribution_arn = module.site.distribution_arn
  }
}

resource "aws_budgets_budget" "this" {
  count        = var.budget.enabled ? 1 : 0
  name         = "${var.name}-monthly"
  budget_type  = "COST"
  limit_amount = tostring(var.budget.monthly_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 80
    threshold_type             = "PERCENTAGE"
    notification_type          = "FORECASTED"
    subscriber_email_addresses = [var.budget.email]
  }

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 100
    threshold_type             = "PERCENTAGE"
    notification_type          = "ACTUAL"
    subscriber_email_addresses = [var.budget.email]
  }
}
