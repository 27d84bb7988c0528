variable "name" {
  description = "Prefix of the bucket, policies and access controls (e.g. cloud-resume-prod)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 lowercase letters, digits or hyphens (it prefixes an S3 bucket name)."
  }
}

variable "api" {
  description = "The counter API behind /api/*: the function, its alias and the domain of the function URL on that alias."
  type = object({
    function_name       = string
    alias_name          = string
    function_url_domain = string
  })
}

variable "domain" {
  description = "Custom domain with its us-east-1 ACM certificate ARN; null serves the site on the CloudFront domain."
  type = object({
    name            = string
    certificate_arn = string
  })
  default = null

  validation {
    condition     = var.domain == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain.name))
    error_message = "domain.name must be a lowercase DNS name such as resume.example.com."
  }
}

variable "price_class" {
  description = "CloudFront price class: PriceClass_100 (North America, Europe), PriceClass_200 or PriceClass_All."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "hsts" {
  description = "Strict-Transport-Security: max age, and whether it covers every subdomain and asks browsers to preload the domain (both reach beyond this site: leave them off on an apex domain unless every subdomain is HTTPS for good)."
  type = object({
    max_age_seconds    = optional(number, 63072000)
    include_subdomains = optional(bool, false)
    preload            = optional(bool, false)
  })
  default = {}

  validation {
    condition     = var.hsts.max_age_seconds >= 0 && var.hsts.max_age_seconds <= 63072000
    error_message = "hsts.max_age_seconds must be from 0 to 63072000 (two years)."
  }

  validation {
    condition     = !var.hsts.preload || (var.hsts.include_subdomains && var.hsts.max_age_seconds >= 31536000)
    error_message = "hsts.preload needs include_subdomains and a max age of at least a year (the preload list's rules)."
  }
}

variable "web_acl_arn" {
  description = "ARN of a WAF web ACL (scope CLOUDFRONT, us-east-1) for the distribution, e.g. modules/rate-limit's; null for none."
  type        = string
  default     = null
}
