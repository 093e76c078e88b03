import { graphqlUploadExpress, GraphQLUpload, type FileUpload } from 'graphql-upload-ts';
import type { RequestHandler } from 'express';

export { GraphQLUpload, type FileUpload };

/**
 * Parses GraphQL multipart requests (the upload spec) on a subgraph's
 * /graphql. Files are streamed to temporary files (fs-capacitor), never held
 * whole in memory; a file over `maxFileSize` fails while it streams.
 * Pass it as `graphqlMiddleware` to createSubgraphServer.
 */
export function uploadMiddleware(maxFileSize: number, maxFiles = 1): RequestHandler {
  return graphqlUploadExpress({ maxFileSize, maxFiles }) as RequestHandler;
}
