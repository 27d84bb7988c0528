output "bucket_name" {
  description = "The site bucket (for cloud-resume deploy site --bucket)."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the site bucket."
  value       = aws_s3_bucket.this.arn
}

output "distribution_id" {
  description = "The CloudFront distribution (for cloud-resume deploy site --distribution-id)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "ARN of the CloudFront distribution."
  value       = aws_cloudfront_distribution.this.arn
}

output "distribution_domain_name" {
  description = "The distribution's own domain (xxxx.cloudfront.net)."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "distribution_hosted_zone_id" {
  description = "Route 53 zone of CloudFront domains, for alias records."
  value       = aws_cloudfront_distribution.this.hosted_zone_id
}

output "site_url" {
  description = "Where the site is served."
  value       = "https://${var.domain == null ? aws_cloudfront_distribution.this.domain_name : var.domain.name}"
}
