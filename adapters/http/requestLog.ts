/**
 * Fastify's request logging, reduced to what operations need and free of personal data: the method, the
 * route pattern (never the raw URL, which may carry a student id), the status and the time taken. Error
 * logs keep the error but drop the request's URL and headers.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

function requestFields(request: FastifyRequest, reply: FastifyReply) {
  return {
    method: request.method,
    route: request.routeOptions.url ?? 'unmatched',
    status: reply.statusCode,
    ms: Math.round(reply.elapsedTime),
  };
}

export class RouteOnlyLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) request.log.error({ ...requestFields(request, reply), err: error }, 'request failed');
    else request.log.info(requestFields(request, reply), 'request');
  }

  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    request.log[level]({ ...requestFields(request, reply), err: error }, error.message);
  }

  override routeNotFound(request: FastifyRequest, reply: FastifyReply): void {
    request.log.info({ method: request.method, status: reply.statusCode }, 'route not found');
  }
}
