output "role_arns" {
  description = "Role ARN per pipeline (infra, api, site) and of the read-only pull-request plans (plan), for the repository's AWS_ROLE_* variables."
  value       = merge({ for k, r in aws_iam_role.pipeline : k => r.arn }, { plan = aws_iam_role.plan.arn })
}

output "provider_arn" {
  description = "The GitHub OIDC provider's ARN."
  value       = local.provider_arn
}
