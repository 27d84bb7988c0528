variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "cloud-resume-prod"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 lowercase letters, digits or hyphens."
  }
}

variable "region" {
  description = "Region of the bucket, table and function (CloudFront and its certificate are global / us-east-1)."
  type        = string
  default     = "eu-west-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-2."
  }
}

variable "domain" {
  description = "Optional custom domain: the name and the Route 53 hosted zone that holds it. Null serves the site on its CloudFront domain."
  type = object({
    name = string
    zone = string
  })
  default = null

  validation {
    condition     = var.domain == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain.name))
    error_message = "domain.name must be a lowercase DNS name such as resume.example.com."
  }
}

variable "github_repository" {
  description = "The repository whose pipelines deploy, as owner/name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "github_environment" {
  description = "Prefix of the repository's GitHub environments, one per pipeline: ENV-infra, ENV-api, ENV-site (each limited to the main branch in the repository's settings)."
  type        = string
  default     = "prod"
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub OIDC provider (false if the account has one already)."
  type        = bool
  default     = true
}

variable "state" {
  description = "The state bucket and key, as in prod.s3.tfbackend, for the infrastructure pipeline's role."
  type = object({
    bucket = string
    key    = string
  })
}

variable "api" {
  description = "Settings of the counter function."
  type = object({
    architecture         = optional(string, "arm64")
    memory_mb            = optional(number, 128)
    reserved_concurrency = optional(number)
    refresh_window       = optional(string, "10m")
    views_per_ip_hour    = optional(number, 30)
    log_retention_days   = optional(number, 30)
    deletion_protection  = optional(bool, true)
  })
  default = {}

  validation {
    condition     = contains(["arm64", "x86_64"], var.api.architecture)
    error_message = "api.architecture must be arm64 or x86_64."
  }

  validation {
    condition     = var.api.memory_mb >= 128 && var.api.memory_mb <= 10240
    error_message = "api.memory_mb must be from 128 to 10240."
  }

  validation {
    condition     = var.api.reserved_concurrency == null || try(var.api.reserved_concurrency >= 1 && var.api.reserved_concurrency <= 1000, false)
    error_message = "api.reserved_concurrency must be null (no reservation: what a new account needs) or from 1 to 1000."
  }
}

variable "site_languages" {
  description = "The resume's languages besides the one at /, as `cloud-resume build` names their folders (de, pt-br): each one's pages are counted. `cloud-resume build` prints them (Languages: …)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for t in var.site_languages : can(regex("^[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,8})*$", t))])
    error_message = "Each of site_languages must be a lower-case language tag, as its folder is named (de, pt-br)."
  }
}

variable "rate_limit" {
  description = "Opt-in WAF rule that blocks a client address past a number of API requests in five minutes: a hard cap on what a flood can cost, for about $6 a month (infra/README.md)."
  type = object({
    enabled                    = optional(bool, false)
    api_requests_per_5_minutes = optional(number, 300)
  })
  default = {}
}

variable "hsts" {
  description = "Strict-Transport-Security beyond this site: include_subdomains and preload (off by default; they bind every subdomain of the domain)."
  type = object({
    max_age_seconds    = optional(number, 63072000)
    include_subdomains = optional(bool, false)
    preload            = optional(bool, false)
  })
  default = {}
}

variable "alarms" {
  description = "CloudWatch alarms on the function's errors and throttles, mailed to email when set."
  type = object({
    enabled = optional(bool, true)
    email   = optional(string)
  })
  default = {}

  validation {
    condition     = var.alarms.email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarms.email))
    error_message = "alarms.email must be an email address."
  }
}

variable "budget" {
  description = "An AWS Budgets alert on the month's cost, mailed to email."
  type = object({
    enabled     = optional(bool, true)
    monthly_usd = optional(number, 5)
    email       = optional(string)
  })
  default = {}

  validation {
    condition     = var.budget.monthly_usd > 0 && var.budget.monthly_usd <= 1000
    error_message = "budget.monthly_usd must be more than 0 and at most 1000."
  }

  validation {
    condition     = !var.budget.enabled || var.budget.email != null
    error_message = "budget.email is needed when the budget alert is enabled."
  }
}
