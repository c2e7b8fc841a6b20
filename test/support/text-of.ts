/** The whole text of a body given as a string or as a stream of text chunks. */
export async function textOf(body: string | AsyncIterable<unknown>): Promise<string> {
  if (typeof body === 'string') return body;
  let text = '';
  for await (const chunk of body) text += String(chunk);
  return text;
}
