import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, FieldError } from '../../../contracts/errors.ts';
import { isAuditedDenial } from './denied-audit.ts';
import { AppError } from './errors.ts';

const CONTEXT_LABEL: Record<string, string> = {
  body: '请求内容',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
};

function send(reply: FastifyReply, req: FastifyRequest, status: number, err: Omit<ErrorBody['error'], 'requestId'>) {
  const body: ErrorBody = { error: { ...err, requestId: String(req.id) } };
  return reply.status(status).header('cache-control', 'no-store').send(body);
}

/**
 * The one error path: every failure leaves the server as `{"error":{code,message,fields?,requestId}}`.
 * Denials (403, and 404 of a record) are audited here, once for every route (lib/denied-audit.ts).
 */
export async function errorHandler(error: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (isAuditedDenial(req, error) && req.server.deniedAudit) {
      await req.server.deniedAudit.record(req, error).catch((err: unknown) => req.log.error({ err }, 'cannot audit a denied request'));
    }
    return send(reply, req, error.status, { code: error.code, message: error.message, fields: error.fields });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const ctx = (error as FastifyError).validationContext ?? 'body';
    const fields: FieldError[] = error.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      return { field: path || ctx, message: v.message ?? '格式不正确' };
    });
    // The message is for people: the Chinese rule of the first problem. Field paths stay in `fields`.
    const first = fields[0];
    const message = first ? first.message : `${CONTEXT_LABEL[ctx] ?? ctx}有误`;
    return send(reply, req, 400, { code: 'VALIDATION_FAILED', message, fields });
  }
  const status = (error as FastifyError).statusCode ?? 500;
  if (status === 413) return send(reply, req, 413, { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' });
  if (status === 429) return send(reply, req, 429, { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
  if (status >= 400 && status < 500) {
    // Malformed JSON, wrong content type and the like.
    return send(reply, req, 400, { code: 'VALIDATION_FAILED', message: `请求格式不正确：${error.message}` });
  }
  req.log.error({ err: error }, 'unhandled error');
  return send(reply, req, 500, { code: 'INTERNAL', message: '服务器内部错误，请稍后重试或联系管理员' });
}
