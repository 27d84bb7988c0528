output "function_name" {
  description = "Name of the Lambda function (for cloud-resume deploy api --function)."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the Lambda function (unqualified)."
  value       = aws_lambda_function.this.arn
}

output "alias_name" {
  description = "The alias CloudFront serves (for cloud-resume deploy api --alias)."
  value       = aws_lambda_alias.live.name
}

output "function_url_domain" {
  description = "Domain of the function URL on the alias, CloudFront's /api/* origin."
  value       = split("/", aws_lambda_function_url.this.function_url)[2]
}

output "table_name" {
  description = "Name of the DynamoDB table."
  value       = aws_dynamodb_table.this.name
}

output "table_arn" {
  description = "ARN of the DynamoDB table."
  value       = aws_dynamodb_table.this.arn
}

output "aggregator_function_name" {
  description = "Name of the aggregator function (for cloud-resume deploy api --aggregator)."
  value       = aws_lambda_function.aggregator.function_name
}

output "aggregator_function_arn" {
  description = "ARN of the aggregator function (unqualified)."
  value       = aws_lambda_function.aggregator.arn
}

output "aggregator_failures_queue" {
  description = "URL of the queue that takes the place of each stream batch the aggregator could not add."
  value       = aws_sqs_queue.aggregator_failures.url
}
