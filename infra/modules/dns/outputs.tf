output "certificate_arn" {
  description = "The validated us-east-1 certificate for the distribution."
  value       = aws_acm_certificate_validation.this.certificate_arn
}

output "zone_id" {
  description = "The hosted zone holding the records."
  value       = data.aws_route53_zone.this.zone_id
}
