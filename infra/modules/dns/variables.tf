variable "domain_name" {
  description = "The site's domain, e.g. resume.example.com; its Route 53 hosted zone must exist."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lowercase DNS name such as resume.example.com."
  }
}

variable "zone_name" {
  description = "The Route 53 hosted zone holding domain_name, e.g. example.com."
  type        = string
}

variable "distribution" {
  description = "The CloudFront distribution the A and AAAA alias records point at; null until it exists."
  type = object({
    domain_name    = string
    hosted_zone_id = string
  })
  default = null
}
