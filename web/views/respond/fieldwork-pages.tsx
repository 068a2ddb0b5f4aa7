import type { ClosedReason, Closure } from '../../../server/fieldwork/service.ts';
import type { Language, SurveyDefinition } from '../../../server/surveys/schema.ts';
import { RespondentFrame } from './frame.tsx';
import { Contact } from './start-page.tsx';

// The pages that end or refuse a respondent for fieldwork reasons: closed, quota full, invitation
// links that do not work, an unusable panel id. Words in English and Welsh side by side.

const UK_TIME: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' }),
  cy: new Intl.DateTimeFormat('cy-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' }),
};

/** A moment as a respondent in the UK reads it, e.g. "1 March 2026 at 09:00". */
function formatWhen(iso: string, language: Language): string {
  const instant = new Date(iso);
  return Number.isNaN(instant.getTime()) ? iso : UK_TIME[language].format(instant);
}

const en = {
  closedTitle: 'This survey is closed',
  notOpenTitle: 'This survey is not open yet',
  opensOn: (when: string) => `It opens on ${when} (UK time). Please come back then.`,
  notOpen: 'It has not opened yet. Please come back later.',
  closedOn: (when: string) => `It closed on ${when} (UK time).`,
  closed: 'It is no longer taking answers.',
  targetReached: 'We have received all the answers we need.',
  closedThanks: 'Thank you for your interest.',
  unfinished: 'Answers that were not sent before the survey closed are not used.',
  quotaFullTitle: 'Thank you, we have enough answers from people like you',
  quotaFullText: 'We have already heard from as many people in your group as this survey needs, so we do not need to ask you any more questions.',
  quotaFullThanks: 'Thank you for your time. You can now close this page.',
  contact: 'Questions about this survey: ',
  invitationOnlyTitle: 'This survey is by invitation only',
  invitationOnlyText: 'To take part, open the link in the invitation you were sent. Each link can be used by one person.',
  invalidInviteTitle: 'This invitation link does not work',
  invalidInviteText: 'The link may have been copied incompletely. Open it again from the invitation you were sent, or ask whoever invited you for a new link.',
  usedInviteTitle: 'This invitation link has already been used',
  usedInviteText: 'Each invitation link can be used to answer the survey once, and answers have already been sent with this one.',
  badPanelIdTitle: 'This survey link does not work',
  badPanelIdText: 'The link you followed has a respondent number Attune cannot read. Go back to the site that sent you here and try the link again.',
};

type Words = typeof en;

const cy: Words = {
  closedTitle: "Mae'r arolwg hwn ar gau",
  notOpenTitle: "Nid yw'r arolwg hwn ar agor eto",
  opensOn: (when) => `Bydd yn agor ar ${when} (amser y DU). Dewch yn ôl bryd hynny.`,
  notOpen: "Nid yw wedi agor eto. Dewch yn ôl yn nes ymlaen.",
  closedOn: (when) => `Daeth i ben ar ${when} (amser y DU).`,
  closed: "Nid yw'n derbyn atebion mwyach.",
  targetReached: "Rydym wedi cael yr holl atebion sydd eu hangen arnom.",
  closedThanks: 'Diolch am eich diddordeb.',
  unfinished: "Nid yw atebion na chawsant eu hanfon cyn i'r arolwg gau yn cael eu defnyddio.",
  quotaFullTitle: "Diolch, mae gennym ddigon o atebion gan bobl fel chi",
  quotaFullText: "Rydym eisoes wedi clywed gan gymaint o bobl yn eich grŵp ag sydd eu hangen ar yr arolwg hwn, felly nid oes angen i ni ofyn rhagor o gwestiynau i chi.",
  quotaFullThanks: "Diolch am eich amser. Gallwch gau'r dudalen hon nawr.",
  contact: 'Cwestiynau am yr arolwg hwn: ',
  invitationOnlyTitle: "Trwy wahoddiad yn unig mae'r arolwg hwn",
  invitationOnlyText: "I gymryd rhan, agorwch y ddolen yn y gwahoddiad a anfonwyd atoch. Gall un person ddefnyddio pob dolen.",
  invalidInviteTitle: "Nid yw'r ddolen wahodd hon yn gweithio",
  invalidInviteText: "Efallai nad yw'r ddolen wedi'i chopïo'n llawn. Agorwch hi eto o'r gwahoddiad a anfonwyd atoch, neu gofynnwch i bwy bynnag a'ch gwahoddodd am ddolen newydd.",
  usedInviteTitle: "Mae'r ddolen wahodd hon eisoes wedi'i defnyddio",
  usedInviteText: "Gellir defnyddio pob dolen wahodd i ateb yr arolwg unwaith, ac mae atebion eisoes wedi'u hanfon gyda'r un hon.",
  badPanelIdTitle: "Nid yw'r ddolen arolwg hon yn gweithio",
  badPanelIdText: "Mae gan y ddolen a ddilynwyd gennych rif ymatebydd na all Attune ei ddarllen. Ewch yn ôl i'r wefan a'ch anfonodd yma a rhowch gynnig arall ar y ddolen.",
};

const wordsFor = (language: Language): Words => (language === 'cy' ? cy : en);

interface PageProps {
  definition: SurveyDefinition;
  language: Language;
  path: string;
}

function ContactLine({ definition, language }: { definition: SurveyDefinition; language: Language }) {
  if (!definition.metadata.contact) return null;
  return (
    <p>
      {wordsFor(language).contact}
      <Contact contact={definition.metadata.contact} />
    </p>
  );
}

const TITLE_OF: Record<ClosedReason, (w: Words) => string> = {
  not_open_yet: (w) => w.notOpenTitle,
  closed: (w) => w.closedTitle,
  target_reached: (w) => w.closedTitle,
};

/** The page shown instead of any survey page while the survey is not taking answers. */
export function ClosedPage({ definition, language, path, closure, hadAnswers }: PageProps & { closure: Closure; hadAnswers?: boolean }) {
  const w = wordsFor(language);
  const title = TITLE_OF[closure.reason](w);
  let detail: string;
  if (closure.reason === 'not_open_yet') detail = closure.opensAt ? w.opensOn(formatWhen(closure.opensAt, language)) : w.notOpen;
  else if (closure.reason === 'closed') detail = closure.closesAt ? w.closedOn(formatWhen(closure.closesAt, language)) : w.closed;
  else detail = w.targetReached;
  return (
    <RespondentFrame definition={definition} language={language} title={title} path={path}>
      <h1 class="heading-l">{title}</h1>
      <p class="lead">{detail}</p>
      {hadAnswers && closure.reason === 'closed' ? <p>{w.unfinished}</p> : null}
      {closure.reason === 'not_open_yet' ? null : <p>{w.closedThanks}</p>}
      <ContactLine definition={definition} language={language} />
    </RespondentFrame>
  );
}

/** The end page for someone whose group is already full. */
export function QuotaFullPage({ definition, language, path }: PageProps) {
  const w = wordsFor(language);
  return (
    <RespondentFrame definition={definition} language={language} title={w.quotaFullTitle} path={path}>
      <h1 class="heading-l">{w.quotaFullTitle}</h1>
      <p>{w.quotaFullText}</p>
      <p>{w.quotaFullThanks}</p>
      <ContactLine definition={definition} language={language} />
    </RespondentFrame>
  );
}

export type AccessProblem = 'invitation-only' | 'invalid-invite' | 'used-invite' | 'bad-panel-id';

const ACCESS_WORDS: Record<AccessProblem, (w: Words) => { title: string; text: string }> = {
  'invitation-only': (w) => ({ title: w.invitationOnlyTitle, text: w.invitationOnlyText }),
  'invalid-invite': (w) => ({ title: w.invalidInviteTitle, text: w.invalidInviteText }),
  'used-invite': (w) => ({ title: w.usedInviteTitle, text: w.usedInviteText }),
  'bad-panel-id': (w) => ({ title: w.badPanelIdTitle, text: w.badPanelIdText }),
};

/** A page explaining why this link cannot start the survey. */
export function AccessProblemPage({ definition, language, path, problem }: PageProps & { problem: AccessProblem }) {
  const { title, text } = ACCESS_WORDS[problem](wordsFor(language));
  return (
    <RespondentFrame definition={definition} language={language} title={title} path={path}>
      <h1 class="heading-l">{title}</h1>
      <p>{text}</p>
      <ContactLine definition={definition} language={language} />
    </RespondentFrame>
  );
}
