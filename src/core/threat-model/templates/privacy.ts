// Predicates the privacy (LINDDUN) templates share: they apply only to personal data, some to the
// data subjects themselves, some to everything else that holds or carries it.

import { isFlow, type ModelView, type Target } from '../view';

export const personal = (t: Target, v: ModelView) => v.isPersonal(t);
export const notActor = (t: Target, v: ModelView) => personal(t, v) && (isFlow(t) || t.kind !== 'external-entity');
export const actorOrAll = (t: Target, v: ModelView) => personal(t, v);
export const actorOnly = (t: Target, v: ModelView) => personal(t, v) && !isFlow(t) && t.kind === 'external-entity';
export const label = (t: Target, v: ModelView) => v.label(t);
