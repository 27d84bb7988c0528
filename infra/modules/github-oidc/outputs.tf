output "role_arns" {
  description = "Role ARN per pipeline (infra, api, site) and of the read-only pull-request plans (plan), for the repository's AWS_ROLE_* variables."
  value       = merge({ for k, r in aws_iam_role.pipeline : k => r.arn }, { plan = aws_iam_role.plan.arn })
}

output "provider_arn" {
  description = "The GitHub OIDC provider's ARN."
  value       = local.provider_arn
}

output "environments" {
  description = "The GitHub environment of each deploying pipeline (infra, api, site): create them in the repository, each limited to the main branch."
  value       = local.environments
}

output "function_boundary_arn" {
  description = "The permissions boundary the function's role must carry (modules/api permissions_boundary_arn)."
  value       = aws_iam_policy.function_boundary.arn
}
