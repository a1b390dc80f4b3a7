// Receives CloudEvents from a queue over AMQP 1.0 with rhea, as a consumer in any language would, and settles
// each one after printing it: settled means consumed (a consumer that disconnects before settling gets it again).
//   usage: npm install --no-save rhea && node samples/read-queue-amqp.mjs erp.visma-net.customer ["ce_type = '…'"]
// (run from the repository root: node_modules/ is git-ignored and --no-save writes no package.json)
// Environment: BROKER_HOST (127.0.0.1), BROKER_PORT (61616), BROKER_USER and BROKER_PASSWORD when the broker has a
// login (gateway.broker.user/password). docs/consumers.md has the same in Java, .NET and Python.
import rhea from 'rhea';

const [queue = 'erp.visma-net.customer', selector] = process.argv.slice(2);
const connection = rhea.connect({
  host: process.env.BROKER_HOST ?? '127.0.0.1',
  port: Number(process.env.BROKER_PORT ?? 61616),
  username: process.env.BROKER_USER,
  password: process.env.BROKER_PASSWORD,
});
connection.open_receiver({
  source: { address: queue, filter: selector ? rhea.filter.selector(selector) : undefined },
  autoaccept: false, // settle after processing, not on arrival
  credit_window: 10, // a small window: each delivery still unsettled at a disconnect counts as one failed delivery
});
connection.on('message', ({ message, delivery }) => {
  const event = JSON.parse(message.body.content.toString('utf8')); // one AMQP data section: the CloudEvent JSON
  console.log(JSON.stringify({
    content_type: message.content_type,
    group_id: message.group_id,
    delivery_count: message.delivery_count ?? 0,
    application_properties: message.application_properties,
    event,
  }));
  delivery.accept();
});
connection.on('connection_error', (context) => console.error(context.connection.error ?? context.error));
