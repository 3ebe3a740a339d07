/**
 * The local stack's mailbox pages: `/local/mailbox` lists every email it sent, newest first, 50 a page, with
 * a search by recipient, subject or text; `/local/mailbox/{number}` shows one email, its text escaped and its
 * HTML in a sandboxed frame (no scripts, no forms, no navigation of this page). Plain HTML with a little CSS:
 * the page exists only on the local stack.
 */
import type { OutgoingResponse } from './api-gateway-event.ts';
import type { ApiRoute, LocalRequest } from './api-server.ts';
import { type Mailbox, type MailboxPage, mailboxPageSize, type StoredEmail } from './mailbox-store.ts';

export const mailboxPath = '/local/mailbox';

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const count = (value: number) => value.toLocaleString('en-GB');

const sentAt = (email: StoredEmail) => new Date(email.at * 1000).toISOString();

const styles = `body{font-family:system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:0 1rem 2rem;color:#0b0c0c;line-height:1.4}
a{color:#1d70b8}a:visited{color:#4c2c92}a:focus,button:focus,input:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 4px #0b0c0c}
header{border-bottom:4px solid #1d70b8;padding:.75rem 0;margin-bottom:1.5rem;font-weight:700}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}caption{text-align:left;font-weight:700;padding:.5rem 0}
th,td{text-align:left;vertical-align:top;border-bottom:1px solid #b1b4b6;padding:.5rem .75rem .5rem 0}td.number,th.number{text-align:right}
label{display:block;font-weight:700;margin-bottom:.25rem}input{font:inherit;padding:.3rem;border:2px solid #0b0c0c;min-width:20rem;max-width:100%}
input[type=number]{min-width:8rem}
button{font:inherit;padding:.35rem 1rem;margin-left:.5rem;background:#00703c;color:#fff;border:0;box-shadow:0 2px #002d18;cursor:pointer}
form{margin-bottom:1.25rem}nav ul{list-style:none;padding:0;display:flex;gap:1.5rem;flex-wrap:wrap}
pre{white-space:pre-wrap;word-break:break-word;background:#f3f2f1;padding:1rem;border:1px solid #b1b4b6}
iframe{width:100%;height:40rem;border:1px solid #b1b4b6}dl{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}dt{font-weight:700}dd{margin:0}`;

function page(title: string, main: string, status = 200): OutgoingResponse {
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Transfer Desk local mailbox</title>
<style>${styles}</style>
</head>
<body>
<header><a href="${mailboxPath}">Transfer Desk local mailbox</a></header>
<main>
${main}
</main>
</body>
</html>
`;
  return {
    statusCode: status,
    headers: [
      ['content-type', 'text/html; charset=utf-8'],
      ['cache-control', 'no-store'],
      ['x-content-type-options', 'nosniff'],
      // The page's own CSS only; an email's HTML runs in a sandboxed frame and may load nothing either.
      [
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
      ],
    ],
    body: Buffer.from(html, 'utf8'),
  };
}

function listHref(query: string, pageNumber: number): string {
  const parameters = new URLSearchParams({
    ...(query ? { q: query } : {}),
    ...(pageNumber > 1 ? { page: String(pageNumber) } : {}),
  }).toString();
  return `${mailboxPath}${parameters ? `?${parameters}` : ''}`;
}

function listPage(found: MailboxPage, query: string, all: number): OutgoingResponse {
  const first = (found.page - 1) * mailboxPageSize + 1;
  const last = first + found.entries.length - 1;
  const rows = found.entries
    .map(
      ({ number, email }) =>
        `<tr><td class="number">${number}</td><td>${escapeHtml(sentAt(email))}</td>` +
        `<td>${escapeHtml(email.destination.to.join(', '))}</td>` +
        `<td><a href="${mailboxPath}/${number}">${escapeHtml(email.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('\n');
  const summary = query
    ? `${count(found.total)} of ${count(all)} emails match “${escapeHtml(query)}”.`
    : `${count(all)} emails, newest first. They are kept in the stack's data folder across restarts.`;
  const links = [
    found.page > 1 ? `<li><a href="${listHref(query, 1)}">First page</a></li>` : '',
    found.page > 1
      ? `<li><a rel="prev" href="${listHref(query, found.page - 1)}">Previous page</a></li>`
      : '',
    found.page < found.pages
      ? `<li><a rel="next" href="${listHref(query, found.page + 1)}">Next page</a></li>`
      : '',
    found.page < found.pages ? `<li><a href="${listHref(query, found.pages)}">Last page</a></li>` : '',
  ].join('');
  const pageNote = found.pages > 1 ? ` (page ${count(found.page)} of ${count(found.pages)})` : '';
  const main = `<h1>Mailbox${pageNote}</h1>
<p>${summary}</p>
<form method="get" action="${mailboxPath}" role="search">
<label for="q">Search by recipient, subject or text</label>
<input type="search" id="q" name="q" value="${escapeHtml(query)}" spellcheck="false"><button type="submit">Search</button>
</form>
<form method="get" action="${mailboxPath}">
<label for="number">Open email number</label>
<input type="number" id="number" name="number" min="1" inputmode="numeric"><button type="submit">Open</button>
</form>
${
  found.entries.length > 0
    ? `<table>
<caption>Emails ${count(first)} to ${count(last)} of ${count(found.total)}${query ? ' found' : ''}, newest first</caption>
<thead><tr><th scope="col" class="number">Number</th><th scope="col">Sent (UTC)</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : `<p>${query ? 'No email matches this search.' : 'No email has been sent yet.'}</p>`
}
${links ? `<nav aria-label="Pages of emails"><ul>${links}</ul></nav>` : ''}`;
  return page(`Mailbox${pageNote}`, main);
}

function emailPage(number: number, email: StoredEmail, total: number): OutgoingResponse {
  const attachments = email.attachments ?? [];
  const field = (name: string, value: string) => `<dt>${name}</dt><dd>${escapeHtml(value)}</dd>`;
  const neighbours = [
    number > 1 ? `<li><a rel="prev" href="${mailboxPath}/${number - 1}">Email ${number - 1}</a></li>` : '',
    number < total
      ? `<li><a rel="next" href="${mailboxPath}/${number + 1}">Email ${number + 1}</a></li>`
      : '',
    `<li><a href="${mailboxPath}">All emails</a></li>`,
  ].join('');
  const main = `<h1>${escapeHtml(email.subject || '(no subject)')}</h1>
<dl>
${field('Number', `${number} of ${count(total)}`)}
${field('Sent (UTC)', sentAt(email))}
${email.from ? field('From', email.from) : ''}
${field('To', email.destination.to.join(', '))}
${email.destination.cc?.length ? field('Cc', email.destination.cc.join(', ')) : ''}
${email.messageId ? field('Message id', email.messageId) : ''}
${attachments.length ? field('Attachments', attachments.map((file) => file.filename ?? file.contentType).join(', ')) : ''}
</dl>
<h2>Text</h2>
${email.body.text ? `<pre>${escapeHtml(email.body.text)}</pre>` : '<p>This email has no text body.</p>'}
<h2>HTML</h2>
${
  email.body.html
    ? `<iframe title="The email's HTML body" sandbox="" srcdoc="${escapeHtml(email.body.html)}"></iframe>`
    : '<p>This email has no HTML body.</p>'
}
<nav aria-label="Other emails"><ul>${neighbours}</ul></nav>`;
  return page(email.subject || `Email ${number}`, main);
}

function notFound(detail: string): OutgoingResponse {
  return page(
    'Email not found',
    `<h1>Email not found</h1>\n<p>${escapeHtml(detail)}</p>\n<p><a href="${mailboxPath}">All emails</a></p>`,
    404,
  );
}

/** The mailbox's routes on the stack's web port. */
export function mailboxRoutes(mailbox: Mailbox): ApiRoute[] {
  const list = async (request: LocalRequest): Promise<OutgoingResponse> => {
    const number = request.query.get('number')?.trim();
    if (number) {
      return {
        statusCode: 303,
        headers: [
          ['location', `${mailboxPath}/${encodeURIComponent(number)}`],
          ['cache-control', 'no-store'],
        ],
        body: Buffer.alloc(0),
      };
    }
    const query = (request.query.get('q') ?? '').trim().slice(0, 200);
    const pageNumber = Number.parseInt(request.query.get('page') ?? '1', 10);
    const found = mailbox.page({ query, page: Number.isFinite(pageNumber) ? pageNumber : 1 });
    return listPage(found, query, mailbox.emails.length);
  };
  const one = async (request: LocalRequest): Promise<OutgoingResponse> => {
    const text = request.pathParameters.number ?? '';
    const entry = /^\d{1,9}$/.test(text) ? mailbox.entry(Number(text)) : undefined;
    if (entry === undefined) {
      return notFound(`There is no email number ${text}: the mailbox holds ${count(mailbox.emails.length)}.`);
    }
    return emailPage(entry.number, entry.email, mailbox.emails.length);
  };
  return [
    { method: 'GET', path: mailboxPath, target: { kind: 'local', handle: list } },
    { method: 'GET', path: `${mailboxPath}/{number}`, target: { kind: 'local', handle: one } },
  ];
}
