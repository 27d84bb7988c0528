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
