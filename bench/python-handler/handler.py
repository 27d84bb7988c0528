"""The classic Cloud Resume Challenge visitor counter: boto3, one update_item, no rules.

The peer of bench/coldstart, run by awslambdaric under the same Runtime API stand-in.
"""
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    result = table.update_item(
        Key={"pk": "PATH#/", "sk": "TOTAL"},
        UpdateExpression="ADD #v :one",
        ExpressionAttributeNames={"#v": "views"},
        ExpressionAttributeValues={":one": 1},
        ReturnValues="UPDATED_NEW",
    )
    views = int(result["Attributes"]["views"])
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps({"views": views})}
