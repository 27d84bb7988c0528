#!/usr/bin/env python3
"""Copies infra/ to DEST/infra, adapted to the provider mirror of this machine, and says what it
adapted. Used by infra/tests/terraform-offline and infra/tests/e2e.

    infra/tests/offline_copy.py DEST [--mirror DIR]     (default: $TF_PROVIDER_MIRROR or /opt/tf-plugins)

- The mirror's AWS provider older than the 6.29 the modules require: the constraint is lowered
  to it, and the one 6.x-only argument (`invoked_via_function_url`) and its assertion are
  dropped.
- No archive provider in the mirror: the API's placeholder zip is built here (the same script,
  the same zip layout) instead of by `data "archive_file"`.
Prints one line per adaptation; exits 2 when the mirror has no AWS provider.
"""
import argparse
import os
import pathlib
import re
import shutil
import sys
import zipfile

REQUIRED_AWS = (6, 29)


def version(text):
    return tuple(int(p) for p in re.findall(r"\d+", text)[:3])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dest")
    ap.add_argument("--mirror", default=os.environ.get("TF_PROVIDER_MIRROR", "/opt/tf-plugins"))
    args = ap.parse_args()
    repo = pathlib.Path(__file__).resolve().parents[2]
    mirror = pathlib.Path(args.mirror) / "registry.terraform.io/hashicorp"
    aws_versions = sorted((p.name for p in (mirror / "aws").glob("*")), key=version) if (mirror / "aws").is_dir() else []
    if not aws_versions:
        print(f"no AWS provider in the mirror {args.mirror}", file=sys.stderr)
        return 2
    aws = aws_versions[-1]

    root = pathlib.Path(args.dest) / "infra"
    shutil.copytree(repo / "infra", root, ignore=shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "*.tfstate*", "__pycache__"))

    if version(aws) < REQUIRED_AWS:
        print(f"the mirror's AWS provider is {aws} (< 6.29): the copy is adapted to it "
              "(constraint lowered; invoked_via_function_url and its assertion dropped)")
        for tf in root.rglob("*.tf"):
            tf.write_text(tf.read_text().replace(">= 6.29", f">= {aws}"))
        site = root / "modules/site/main.tf"
        site.write_text(re.sub(r"\n\s*invoked_via_function_url\s*=\s*true", "", site.read_text()))
        test = root / "modules/site/tests/site.tftest.hcl"
        test.write_text(test.read_text().replace(" && aws_lambda_permission.cloudfront_invoke.invoked_via_function_url", ""))

    if not (mirror / "archive").is_dir():
        print("no archive provider in the mirror: the API's placeholder zip is built by this script")
        for versions in [root / "modules/api/versions.tf", root / "envs/prod/versions.tf"]:
            versions.write_text(re.sub(r"\n    archive = \{[^}]*\}", "", versions.read_text()))
        main_tf = root / "modules/api/main.tf"
        text = main_tf.read_text()
        start = text.index('data "archive_file" "placeholder" {')
        end = text.index("\n}\n", start) + 3
        block = text[start:end]
        script = re.search(r'content\s*=\s*"((?:[^"\\]|\\.)*)"', block).group(1)
        script = script.encode().decode("unicode_escape")
        zip_path = root / "modules/api/placeholder.zip"
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
            info = zipfile.ZipInfo("bootstrap", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o755 << 16
            z.writestr(info, script)
        main_tf.write_text(text[:start] + text[end:])
        # Both functions (main.tf, aggregator.tf) start from the placeholder.
        for tf in sorted((root / "modules/api").glob("*.tf")):
            text = tf.read_text()
            text = text.replace("data.archive_file.placeholder.output_path", '"${path.module}/placeholder.zip"')
            text = text.replace("data.archive_file.placeholder.output_base64sha256", 'filebase64sha256("${path.module}/placeholder.zip")')
            tf.write_text(text)
        test = root / "modules/api/tests/api.tftest.hcl"
        test.write_text(test.read_text().replace('mock_provider "archive" {}', ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
