# terraform test (run by the infrastructure pipeline): modules/github-oidc.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  # The mock's made-up `json` is not a policy; the roles' inline policies need a valid one.
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
}

variables {
  name       = "cloud-resume-test"
  repository = "octocat/cloud-resume"
  state      = { bucket = "tfstate", key = "cloud-resume/prod.tfstate" }
  targets = {
    function_arn     = "arn:aws:lambda:eu-west-2:123456789012:function:cloud-resume-test"
    aggregator_arn   = "arn:aws:lambda:eu-west-2:123456789012:function:cloud-resume-test-aggregator"
    bucket_arn       = "arn:aws:s3:::cloud-resume-test-site-x"
    distribution_arn = "arn:aws:cloudfront::123456789012:distribution/E123"
  }
}

run "one_role_per_pipeline_each_trusted_by_its_own_environment" {
  command = plan

  assert {
    condition     = toset(keys(aws_iam_role.pipeline)) == toset(["infra", "api", "site"])
    error_message = "Roles infra, api and site."
  }
  assert {
    condition = alltrue([
      for p in ["infra", "api", "site"] :
      flatten([for c in data.aws_iam_policy_document.trust[p].statement[0].condition : c.values if c.variable == "token.actions.githubusercontent.com:sub"]) == ["repo:octocat/cloud-resume:environment:prod-${p}"]
    ])
    error_message = "Each deploying role trusts only its own pipeline's GitHub environment."
  }
}

run "pull_requests_only_plan" {
  command = plan

  assert {
    condition     = flatten([for c in data.aws_iam_policy_document.trust["plan"].statement[0].condition : c.values if c.variable == "token.actions.githubusercontent.com:sub"]) == ["repo:octocat/cloud-resume:pull_request"]
    error_message = "Only the plan role trusts pull requests."
  }
  assert {
    condition = alltrue([
      for p in ["infra", "api", "site"] :
      !contains(flatten([for c in data.aws_iam_policy_document.trust[p].statement[0].condition : c.values]), "repo:octocat/cloud-resume:pull_request")
    ])
    error_message = "No deploying role trusts pull requests."
  }
}

run "the_function_role_has_a_permissions_boundary_of_its_own" {
  command = plan

  assert {
    condition     = aws_iam_policy.function_boundary.name == "cloud-resume-test-function-boundary"
    error_message = "A boundary for the function's role."
  }
}

run "a_bad_repository_is_refused" {
  command = plan

  variables {
    repository = "not a repository"
  }

  expect_failures = [var.repository]
}
