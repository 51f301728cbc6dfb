// Fields the school forms share, as zod schemas built when called (workflow code builds its schemas on first use).
import { z } from 'zod';

/** A whole count typed into a form (text or number), with the field's name in every message. */
export const countField = (field: string) =>
  z.coerce
    .number({ error: `${field}: нужно целое число` })
    .int(`${field}: нужно целое число`)
    .min(0, `${field}: не может быть отрицательным`)
    .max(100000, `${field}: слишком большое число`);
