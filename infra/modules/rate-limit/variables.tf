variable "name" {
  description = "Prefix of the web ACL's name and metrics (e.g. cloud-resume-prod)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,100}$", var.name))
    error_message = "name must be 1-100 letters, digits, hyphens or underscores."
  }
}

variable "api_requests_per_5_minutes" {
  description = "API requests one client address may send in five minutes before it is blocked (WAF's minimum is 10). A reader's visit is one request; the default leaves room for a shared office address."
  type        = number
  default     = 300

  validation {
    condition     = var.api_requests_per_5_minutes >= 10 && var.api_requests_per_5_minutes <= 2000000000 && floor(var.api_requests_per_5_minutes) == var.api_requests_per_5_minutes
    error_message = "api_requests_per_5_minutes must be a whole number from 10 to 2,000,000,000."
  }
}
