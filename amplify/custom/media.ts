import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RemovalPolicy, Stack, ArnFormat } from 'aws-cdk-lib';
import {
  AllowedMethods,
  Distribution,
  KeyGroup,
  PublicKey,
  ViewerProtocolPolicy,
  type IKeyGroup,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { marqueeFunction } from '../functions/marquee-function';
import { awsAdaptersDir } from '../paths';
import { allow } from './permissions';

export interface MediaProps {
  readonly uploadBucket: IBucket;
}

const devPublicKey = () => readFileSync(join(import.meta.dirname, 'dev-media-public-key.pem'), 'utf8');

/**
 * Video processing and delivery: the media bucket (HLS output), the role MediaConvert assumes
 * (read uploads, write media), CloudFront in front of the media bucket that only serves signed
 * URLs (trusted key group), and the upload trigger (S3 -> EventBridge -> Lambda -> ingest).
 */
export class Media extends Construct {
  readonly bucket: Bucket;
  readonly mediaConvertRole: Role;
  readonly distribution: Distribution;
  readonly keyGroup: IKeyGroup;
  readonly publicKeyId: string;
  readonly domainName: string;
  private trigger?: LambdaFunction;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: MediaProps,
  ) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [{ allowedMethods: [HttpMethods.GET, HttpMethods.HEAD], allowedOrigins: ['*'], allowedHeaders: ['*'] }],
    });

    this.mediaConvertRole = new Role(this, 'MediaConvertRole', {
      assumedBy: new ServicePrincipal('mediaconvert.amazonaws.com'),
      description: 'Assumed by MediaConvert: reads uploaded sources, writes the HLS package',
    });
    allow(this.mediaConvertRole, ['s3:GetObject'], [props.uploadBucket.arnForObjects('*')]);
    allow(this.mediaConvertRole, ['s3:PutObject'], [this.bucket.arnForObjects('*')]);

    // Replace with your own key at deploy time: MARQUEE_CLOUDFRONT_PUBLIC_KEY=<PEM>; its private
    // half goes into the CloudFrontPrivateKey secret. The checked-in key has no private half.
    const publicKey = new PublicKey(this, 'SigningKey', {
      encodedKey: process.env.MARQUEE_CLOUDFRONT_PUBLIC_KEY ?? devPublicKey(),
      comment: 'Marquee signed media URLs',
    });
    this.publicKeyId = publicKey.publicKeyId;
    this.keyGroup = new KeyGroup(this, 'SigningKeys', { items: [publicKey] });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Marquee media (signed URLs only)',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        trustedKeyGroups: [this.keyGroup],
      },
    });
    this.domainName = this.distribution.distributionDomainName;
  }

  /** Uploads and media as src/app uses them (presigned PUTs, imports, published packages). */
  allowApp(grantee: IGrantable) {
    allow(grantee, ['s3:GetObject', 's3:PutObject'], [this.props.uploadBucket.arnForObjects('*')]);
    allow(grantee, ['s3:GetObject', 's3:PutObject'], [this.bucket.arnForObjects('*')]);
  }

  /** Probe and transcode through MediaConvert (the Transcoder port's AWS adapter): task Lambdas only. */
  allowTranscode(grantee: IGrantable) {
    const stack = Stack.of(this);
    const mc = (resource: string) =>
      stack.formatArn({ service: 'mediaconvert', resource, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    allow(
      grantee,
      ['mediaconvert:CreateJob', 'mediaconvert:GetJob', 'mediaconvert:Probe'],
      [mc('queues'), mc('presets'), mc('jobTemplates'), mc('jobs')],
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.mediaConvertRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } },
      }),
    );
  }

  /** The Lambda that turns "an object landed in uploads" into the ingest workflow (created once). */
  uploadTrigger(environment: Record<string, string>): LambdaFunction {
    if (this.trigger) return this.trigger;
    const fn = marqueeFunction(this, 'UploadTrigger', {
      entry: join(awsAdaptersDir, 'lambda-s3-upload.ts'),
      description: 'Starts video ingest / catalog import when an upload lands',
      environment,
    });
    allow(fn, ['s3:GetObject'], [this.props.uploadBucket.arnForObjects('*')]);
    new Rule(this, 'UploadCreated', {
      description: 'An object was created in the uploads bucket',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [this.props.uploadBucket.bucketName] } },
      },
      targets: [new LambdaTarget(fn, { retryAttempts: 8 })],
    });
    this.trigger = fn;
    return fn;
  }
}
