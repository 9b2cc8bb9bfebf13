/** A real SMTP server in-process (smtp-server), so tests check the mail that was actually received. */
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

/** On `port` when given (a test that brings "the mail server" back where the portal expects it), else any free one. */
export async function startSmtp(onMail?: (mail: ReceivedMail) => void, port = 0) {
  const mails: ReceivedMail[] = [];
  /** Set `control.reject` to a message to refuse every recipient (451, as a server in trouble does); null accepts. */
  const control: { reject: string | null } = { reject: null };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (control.reject) return callback(Object.assign(new Error(control.reject), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail = {
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
          };
          mails.push(mail);
          onMail?.(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    mails,
    control,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
