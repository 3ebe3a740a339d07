/**
 * The pension form as a browser walks it, page by page: the start page, the employee number, the option,
 * the check page, the confirmation — eight requests, each POST answered with a redirect that is followed,
 * with the cookies and the `_csrf` value of each page sent back.
 */

interface Page {
  url: string;
  html: string;
}

export async function answerPensionFormLikeABrowser(
  link: string,
  employeeNumber: string,
  option: string,
): Promise<void> {
  const cookies = new Map<string, string>();
  const remember = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const [name = '', ...value] = pair.split('=');
      cookies.set(name.trim(), value.join('='));
    }
  };
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const get = async (url: string): Promise<Page> => {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader() } });
    remember(response);
    const html = await response.text();
    if (response.status !== 200)
      throw new Error(`GET ${new URL(url).pathname.slice(0, 40)}… answered ${response.status}`);
    return { url, html };
  };
  const post = async (page: Page, path: string, fields: Record<string, string>): Promise<Page> => {
    const csrf = page.html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const response = await fetch(`${link}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
      body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
    });
    remember(response);
    await response.text();
    const location = response.headers.get('location');
    if (response.status !== 303 || !location) throw new Error(`POST …${path} answered ${response.status}`);
    return get(new URL(location, link).href);
  };

  const start = await get(link);
  const optionPage = await post(start, '', { employeeNumber });
  const check = await post(optionPage, '/option', { option });
  const confirmation = await post(check, '/confirm', { employeeNumber, option });
  if (!/confirm|recorded|chosen/i.test(confirmation.html))
    throw new Error('The confirmation page did not confirm');
}
