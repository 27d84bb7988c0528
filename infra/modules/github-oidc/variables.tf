variable "name" {
  description = "Prefix of the three pipeline roles (e.g. cloud-resume-prod)."
  type        = string
}

variable "repository" {
  description = "The GitHub repository allowed to assume the roles, as owner/name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.repository))
    error_message = "repository must be owner/name, e.g. octocat/cloud-resume."
  }
}

variable "environment" {
  description = "Prefix of the GitHub environments whose jobs may assume the roles: ENV-infra, ENV-api and ENV-site, one per pipeline."
  type        = string
  default     = "prod"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,200}$", var.environment))
    error_message = "environment must be letters, digits, '_', '.' or '-'."
  }
}

variable "create_provider" {
  description = "Create the account's GitHub OIDC provider; false when the account already has one."
  type        = bool
  default     = true
}

variable "state" {
  description = "The Terraform state bucket and key the infrastructure pipeline reads and writes."
  type = object({
    bucket = string
    key    = string
  })
}

variable "targets" {
  description = "What the API and site pipelines deploy to."
  type = object({
    function_arn     = string
    aggregator_arn   = string
    bucket_arn       = string
    distribution_arn = string
  })
}
