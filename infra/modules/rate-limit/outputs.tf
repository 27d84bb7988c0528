output "web_acl_arn" {
  description = "ARN of the web ACL, for the distribution (modules/site web_acl_arn)."
  value       = aws_wafv2_web_acl.this.arn
}
