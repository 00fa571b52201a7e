import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, it } from "vitest";
import { removeSynthOutputs, type Synthesized, synth } from "./synth.ts";

let base: Synthesized;
/** Public read under a deeper prefix: the public statement must follow the prefix. */
let publicRead: Synthesized;

beforeAll(() => {
  base = synth();
  publicRead = synth({ publicRead: true, prefix: "docs/v2" });
});

afterAll(removeSynthOutputs);

/** The bucket policy's TLS statements, present with or without public read. */
function tlsOnlyStatements(s: Synthesized): unknown[] {
  const bucketArn = s.resolve(s.stack.bucket.bucketArn);
  const everything = [bucketArn, s.resolve(s.stack.bucket.arnForObjects("*"))];
  return [
    {
      Action: "s3:*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
      Effect: "Deny",
      Principal: { AWS: "*" },
      Resource: everything,
    },
    {
      Action: "s3:*",
      Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } },
      Effect: "Deny",
      Principal: { AWS: "*" },
      Resource: everything,
    },
  ];
}

describe("bucket", () => {
  it("encrypts, versions, and drops replaced versions after 30 days", () => {
    base.template.resourceCountIs("AWS::S3::Bucket", 1);
    base.template.hasResourceProperties("AWS::S3::Bucket", {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      VersioningConfiguration: { Status: "Enabled" },
      LifecycleConfiguration: {
        Rules: [
          Match.objectEquals({
            Id: "expire-replaced-versions",
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            Status: "Enabled",
          }),
        ],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
    });
  });

  it("is kept when the stack is deleted", () => {
    base.template.hasResource("AWS::S3::Bucket", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
  });

  it("blocks all public access by default", () => {
    base.template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it("refuses requests without TLS 1.2, and allows nothing else by default", () => {
    base.template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: base.resolve(base.stack.bucket.bucketName),
      PolicyDocument: Match.objectEquals({ Version: "2012-10-17", Statement: tlsOnlyStatements(base) }),
    });
  });

  it("with publicRead, lets anyone GetObject under the prefix only", () => {
    const bucketArn = publicRead.resolve(publicRead.stack.bucket.bucketArn);
    publicRead.template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: Match.objectEquals({
        Version: "2012-10-17",
        Statement: [
          ...tlsOnlyStatements(publicRead),
          {
            Sid: "PublicReadDocuments",
            Action: "s3:GetObject",
            Effect: "Allow",
            Principal: "*",
            Resource: { "Fn::Join": ["", [bucketArn, "/docs/v2/*"]] },
          },
        ],
      }),
    });
  });

  it("with publicRead, unblocks public policies only: ACLs stay blocked", () => {
    publicRead.template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: Match.objectEquals({
        BlockPublicAcls: true,
        BlockPublicPolicy: false,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: false,
      }),
    });
  });
});

describe("outputs", () => {
  it("name the bucket", () => {
    base.template.hasOutput("BucketName", { Value: base.resolve(base.stack.bucket.bucketName) });
  });

  it("give the Worker's ORIGIN_URL: the bucket's regional endpoint and the prefix", () => {
    const bucketName = base.resolve(base.stack.bucket.bucketName);
    base.template.hasOutput("OriginUrl", {
      Value: {
        "Fn::Join": [
          "",
          ["https://", bucketName, ".s3.", { Ref: "AWS::Region" }, ".", { Ref: "AWS::URLSuffix" }, "/v1"],
        ],
      },
    });
  });

  it("give ORIGIN_URL with the configured prefix", () => {
    publicRead.template.hasOutput("OriginUrl", {
      Value: { "Fn::Join": ["", Match.arrayWith([".", { Ref: "AWS::URLSuffix" }, "/docs/v2"])] },
    });
  });
});
