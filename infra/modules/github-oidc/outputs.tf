output "role_arns" {
  description = "Role ARN per pipeline (infra, api, site), for the repository's AWS_ROLE_* variables."
  value       = { for k, r in aws_iam_role.pipeline : k => r.arn }
}

output "provider_arn" {
  description = "The GitHub OIDC provider's ARN."
  value       = local.provider_arn
}
