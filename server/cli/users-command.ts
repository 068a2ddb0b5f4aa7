import { fstatSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { EmailSchema, NameSchema, RoleSchema } from '../auth/schemas.ts';
import { loadConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { AppError } from '../errors.ts';
import { createUserFromCli } from '../users/service.ts';

/** The password piped on stdin (`echo ... | attune users create ...`), or undefined when stdin is a
 * terminal or empty. A terminal is never read, so the command cannot sit waiting for input. */
async function readPipedPassword(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  try {
    if (fstatSync(0).isCharacterDevice()) return undefined; // e.g. /dev/null
  } catch {
    return undefined; // no stdin at all
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  return text === '' ? undefined : text;
}

/** `attune users create --role R --email E --name N`: exit 0 when created, 2 for wrong usage, 1 when
 * refused (the email is taken, the password is too weak). */
export async function createUserCommand(
  args: string[],
  withDatabase: <T>(work: (handle: DatabaseHandle) => Promise<T>) => Promise<T>,
): Promise<number> {
  let values: { role?: string; email?: string; name?: string };
  try {
    ({ values } = parseArgs({ args, options: { role: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } } }));
  } catch (error) {
    console.error(`attune users create: ${error instanceof Error ? error.message : error}`);
    return 2;
  }
  const problems: string[] = [];
  const role = v.safeParse(RoleSchema, values.role);
  if (!role.success) problems.push('--role must be admin, researcher or press');
  const email = v.safeParse(EmailSchema, values.email);
  if (!email.success) problems.push(`--email: ${email.issues[0].message}`);
  const name = v.safeParse(NameSchema, values.name);
  if (!name.success) problems.push(`--name: ${name.issues[0].message}`);
  if (!role.success || !email.success || !name.success) {
    for (const problem of problems) console.error(`attune users create: ${problem}`);
    console.error('Usage: attune users create --role admin|researcher|press --email EMAIL --name NAME');
    return 2;
  }

  const password = await readPipedPassword();
  try {
    const created = await withDatabase((handle) =>
      createUserFromCli(handle.db, { email: email.output, name: name.output, role: role.output, password }),
    );
    if (!created.inviteToken) {
      console.log(`Created ${role.output} ${email.output} with the password from stdin; they can sign in now.`);
      return 0;
    }
    const port = loadConfig().port || 3000;
    console.log(`Created ${role.output} ${email.output} without a password.`);
    console.log(`Send them this link to set their password (it works once, until ${created.expiresAt}):`);
    console.log(`  http://localhost:${port}/invite/${created.inviteToken}`);
    console.log('Use the address people reach Attune at in place of http://localhost if it differs.');
    return 0;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'conflict' || error.code === 'validation_failed')) {
      console.error(`attune users create: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
