import { defineStorage } from '@aws-amplify/backend';

/**
 * Uploads land here: video sources (`videos/<videoId>/source/...`) and catalog imports
 * (`imports/...`), PUT through presigned URLs that the resolver Lambda hands out. Clients get no
 * direct access rules: every upload is authorised by a mutation first.
 * The media bucket (HLS output behind CloudFront) lives in the custom stack with its distribution.
 */
export const uploads = defineStorage({
  name: 'marqueeUploads',
  isDefault: true,
});
