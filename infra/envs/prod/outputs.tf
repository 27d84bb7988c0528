output "site_url" {
  description = "Where the site is served."
  value       = module.site.site_url
}

output "bucket_name" {
  description = "The site bucket, for the site pipeline (deploy site --bucket)."
  value       = module.site.bucket_name
}

output "distribution_id" {
  description = "The CloudFront distribution, for the site pipeline (deploy site --distribution-id)."
  value       = module.site.distribution_id
}

output "function_name" {
  description = "The counter function, for the API pipeline (deploy api --function)."
  value       = module.api.function_name
}

output "aggregator_function_name" {
  description = "The aggregator of the table's stream, for the API pipeline (deploy api --aggregator)."
  value       = module.api.aggregator_function_name
}

output "aggregator_failures_queue" {
  description = "The queue of stream batches the aggregator gave up on (infra/README.md, Counting on DynamoDB)."
  value       = module.api.aggregator_failures_queue
}

output "alias_name" {
  description = "The alias CloudFront serves, for the API pipeline (deploy api --alias)."
  value       = module.api.alias_name
}

output "table_name" {
  description = "The DynamoDB table of the counts."
  value       = module.api.table_name
}

output "role_arns" {
  description = "The pipelines' roles: infra, api, site, and plan (pull requests), for the repository's AWS_ROLE_* variables."
  value       = module.github_oidc.role_arns
}

output "github_environments" {
  description = "The GitHub environment each deploying pipeline's jobs run in (create them, limited to main)."
  value       = module.github_oidc.environments
}

output "architecture" {
  description = "The function's CPU architecture, for the API pipeline (repository variable API_ARCHITECTURE)."
  value       = var.api.architecture
}
