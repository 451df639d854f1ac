import Fastify from 'fastify';

/** A second baseline: Fastify with no plugins answering the same bytes, to tell framework cost from ours. */
const body = Buffer.from(process.argv[2] ?? '{}', 'base64').toString('utf8');
const app = Fastify();
app.get('/', (_request, reply) => {
  reply.type('application/json; charset=utf-8').send(body);
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(
  `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
