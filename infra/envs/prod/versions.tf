terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.29, < 7.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = ">= 2.4, < 3.0"
    }
  }

  # Configured from prod.s3.tfbackend: terraform init -backend-config=prod.s3.tfbackend
  backend "s3" {}
}

provider "aws" {
  region = var.region
  default_tags {
    tags = { Project = "cloud-resume", Environment = "prod", ManagedBy = "terraform" }
  }
}

# CloudFront reads certificates from us-east-1 only.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
  default_tags {
    tags = { Project = "cloud-resume", Environment = "prod", ManagedBy = "terraform" }
  }
}
