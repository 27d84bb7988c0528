variable "name" {
  description = "Name of the function, its role, log group and table (e.g. cloud-resume-prod)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-_]{1,56}$", var.name))
    error_message = "name must be 1-56 letters, digits, hyphens or underscores."
  }
}

variable "architecture" {
  description = "CPU architecture of the function: arm64 (Graviton, cheaper) or x86_64."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "memory_mb" {
  description = "Memory of the function in MB; the Rust function needs far less than 128."
  type        = number
  default     = 128

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 10240 && floor(var.memory_mb) == var.memory_mb
    error_message = "memory_mb must be a whole number from 128 to 10240."
  }
}

variable "timeout_seconds" {
  description = "Function timeout in seconds; the function gives up on a store call after 4 s (LAMBDA_STORE_TIMEOUT in crates/counter/src/settings.rs), so a few seconds suffice."
  type        = number
  default     = 6

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 30
    error_message = "timeout_seconds must be from 1 to 30."
  }
}

variable "reserved_concurrency" {
  description = "Reserved concurrent executions, or null for none. A cap on concurrency (not on requests: see infra/README.md, What caps the bill); AWS refuses it when it would leave the account under 100 unreserved, so a new account (10 in all until a quota increase) must leave it null."
  type        = number
  default     = null

  validation {
    condition     = var.reserved_concurrency == null || try(var.reserved_concurrency >= 1 && var.reserved_concurrency <= 1000 && floor(var.reserved_concurrency) == var.reserved_concurrency, false)
    error_message = "reserved_concurrency must be null or a whole number from 1 to 1000."
  }
}

variable "refresh_window" {
  description = "How long a repeat view from the same visitor is not counted: more than 0 and at most 24h, as the function and `cloud-resume serve` accept it (e.g. 10m)."
  type        = string
  default     = "10m"

  validation {
    condition = can(regex("^[0-9]+(s|m|h)$", var.refresh_window)) && try(
      tonumber(regex("^[0-9]+", var.refresh_window)) * lookup({ s = 1, m = 60, h = 3600 }, regex("[smh]$", var.refresh_window)) > 0 &&
      tonumber(regex("^[0-9]+", var.refresh_window)) * lookup({ s = 1, m = 60, h = 3600 }, regex("[smh]$", var.refresh_window)) <= 86400,
      false
    )
    error_message = "refresh_window must look like 30s, 10m or 1h, more than 0 and at most 24h."
  }
}

variable "views_per_ip_hour" {
  description = "The inflation cap: at most this many views counted per client IP per hour, whatever User-Agents it sends (0 turns it off), as `cloud-resume serve --views-per-ip-hour` takes it."
  type        = number
  default     = 30

  validation {
    condition     = var.views_per_ip_hour >= 0 && floor(var.views_per_ip_hour) == var.views_per_ip_hour && var.views_per_ip_hour <= 4294967295
    error_message = "views_per_ip_hour must be a whole number from 0 (no cap) up."
  }
}

variable "site_origins" {
  description = "The site's own origins (https://resume.example.com), for browsers that send an Origin but no Sec-Fetch-Site; behind CloudFront the function cannot tell them from the Host. Empty: such browsers are not counted."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for o in var.site_origins : can(regex("^https://[a-z0-9.-]+(:[0-9]+)?$", o))])
    error_message = "Each of site_origins must be https://host[:port], without a path or a trailing slash."
  }
}

variable "site_languages" {
  description = "The resume's languages besides the one at /, as their folders are named (de, pt-br): the function counts each one's page (/de/) and statistics page (/de/stats.html), no other."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for t in var.site_languages : can(regex("^[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,8})*$", t))])
    error_message = "Each of site_languages must be a lower-case language tag, as its folder is named (de, pt-br)."
  }
}

variable "site_name" {
  description = "Mixed into visitor keys so that two sites never share keys; usually the domain."
  type        = string
}

variable "log_retention_days" {
  description = "Days the function's logs are kept (they hold no IP address or User-Agent)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, …)."
  }
}

variable "alarms" {
  description = "CloudWatch alarms on the function's errors and throttles, mailed to email when set."
  type = object({
    enabled = optional(bool, true)
    email   = optional(string)
  })
  default = {}
}

variable "deletion_protection" {
  description = "Refuse to delete the table (its counts cannot be rebuilt). Turn it off, apply, then destroy, to remove the stack."
  type        = bool
  default     = true
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary of the function's role (modules/github-oidc's function_boundary_arn), so the infrastructure pipeline may manage that role without being able to widen it; null for none."
  type        = string
  default     = null
}

variable "aggregator" {
  description = "How Lambda hands the table's stream to the aggregator: records per batch, how long it gathers a batch (the counts lag the views by about that), its timeout, and how long a batch that fails is retried before its place is sent to the failure queue."
  type = object({
    batch_size                 = optional(number, 1000)
    batching_window_seconds    = optional(number, 1)
    timeout_seconds            = optional(number, 30)
    maximum_retry_attempts     = optional(number, 1000)
    maximum_record_age_seconds = optional(number, 86400)
  })
  default = {}

  validation {
    condition     = var.aggregator.batch_size >= 1 && var.aggregator.batch_size <= 10000 && var.aggregator.batching_window_seconds >= 0 && var.aggregator.batching_window_seconds <= 300
    error_message = "aggregator.batch_size must be from 1 to 10000 and batching_window_seconds from 0 to 300."
  }

  validation {
    condition     = var.aggregator.maximum_retry_attempts >= 0 && var.aggregator.maximum_retry_attempts <= 10000 && var.aggregator.maximum_record_age_seconds >= 60 && var.aggregator.maximum_record_age_seconds <= 604800 && var.aggregator.timeout_seconds >= 1 && var.aggregator.timeout_seconds <= 900
    error_message = "aggregator.maximum_retry_attempts must be from 0 to 10000, maximum_record_age_seconds from 60 to 604800 and timeout_seconds from 1 to 900."
  }
}
