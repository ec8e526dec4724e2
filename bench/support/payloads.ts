/** Request bodies and documents of realistic content and a chosen size. */

const SUPPORT_PROSE =
  'Kunden oplever at billedet fryser efter 10-15 minutter paa kanal 4 og TV 2 Charlie. ' +
  'Genstart af boksen hjaelper kun kortvarigt. Vi har tjekket signal og netvaerk, og ' +
  'hastigheden er stabil paa 100/100 Mbit. Kunden har proevet et andet HDMI-kabel uden ' +
  'forskel. Fejlen ses ogsaa i appen paa mobilen, saa den ligger nok ikke i fjernsynet. ';

/** Plain ASCII support prose of exactly `length` characters, so characters and bytes agree. */
export function prose(length: number): string {
  return SUPPORT_PROSE.repeat(Math.ceil(length / SUPPORT_PROSE.length)).slice(0, Math.max(0, length));
}

/** The JSON of `build(text)`, with the text sized so the whole is `bytes` long. */
function jsonOfSize(bytes: number, build: (text: string) => unknown): string {
  const overhead = JSON.stringify(build('')).length;
  return JSON.stringify(build(prose(bytes - overhead)));
}

export const UPDATE_BODY_BYTES = 1024;

/** An update that changes fields: a new description and app version every time. */
export function fieldChangeBody(serial: number): string {
  return jsonOfSize(UPDATE_BODY_BYTES, (text) => ({
    description: `Opdateret ${serial}: ${text}`,
    device: 'APPLETV',
    systemVersion: 'tvOS 17.4.1',
    playMakerVersion: `5.12.${serial}`,
    privateInformation: 'Adgangskode til routeren: se kundekortet',
  }));
}

/**
 * An update that writes the support comment `commentId`, with a screenshot: it adds the comment
 * the first time the case sees that id, and edits it after.
 */
export function commentBody(serial: number, commentId: string): string {
  return jsonOfSize(UPDATE_BODY_BYTES, (text) => ({
    comments: [
      {
        _id: commentId,
        comment: `Kommentar ${serial}: ${text}`,
        isSupport: true,
        files: [{ url: `https://image.telecomx.dk/support/${serial}.jpeg`, type: 'IMAGE' }],
      },
    ],
  }));
}

const SUPPORT_COMMENT = {
  _id: '65f1c0de0000000000000c01',
  comment: prose(400),
  date: '2025-01-06T09:15:00.000Z',
  customer: '65f1c0de00000000000000c1',
  customerName: 'PlayMaker',
  employee: '65f1c0de00000000000000e1',
  employeeName: 'Ada Admin',
  isSupport: true,
  files: [],
};

/** A support case document of `bytes` of JSON: the fields of a case, comments, and a description filling the rest. */
export function documentOfSize(bytes: number): object {
  const document = {
    _id: '65f1c0de0000000000000001',
    name: 'Billedet fryser paa kanal 4',
    description: '',
    customer: '65f1c0de00000000000000c4',
    customerName: 'Hansen Boligforening ApS',
    employee: '65f1c0de00000000000000e1',
    employeeName: 'Ada Admin',
    solved: false,
    date: '2025-01-06T08:00:00.000Z',
    lastUpdated: '2025-01-06T10:00:00.000Z',
    device: 'APPLETV',
    systemVersion: 'tvOS 17.4.1',
    playMakerVersion: '5.12.0',
    privateInformation: 'Adgangskode til routeren: se kundekortet',
    response: { answer: prose(200), author: 'PlayMaker Teamet', date: '2025-01-06T09:00:00.000Z' },
    files: [{ _id: '65f1c0de0000000000000f01', url: 'https://image.telecomx.dk/a.jpeg', type: 'IMAGE' }],
    comments: [] as (typeof SUPPORT_COMMENT)[],
  };
  const commentBytes = JSON.stringify(SUPPORT_COMMENT).length + 1;
  while (JSON.stringify(document).length + commentBytes <= bytes) document.comments.push(SUPPORT_COMMENT);
  document.description = prose(bytes - JSON.stringify(document).length);
  return document;
}
