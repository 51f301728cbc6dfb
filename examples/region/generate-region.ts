// A regional (or national) campaign for load: decree №380's clauses over generated schools spread across regions
// and municipalities. Names are invented and every address is on the reserved .example domain.
//   npm run example:region -- [--schools 1500] [--regions 1] [--municipalities 24] [--clauses 3] [--out FILE]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCampaignFile } from '../../client/load-campaign';
import { campaignSchema, type Campaign, type CampaignInput } from '../../domain/campaign-schema';

export const BASE_CAMPAIGN_FILE = join(__dirname, '..', 'sergokala-380', 'campaign.yaml');

export interface RegionShape {
  id: string;
  schools: number;
  regions: number;
  /** Municipalities per region. */
  municipalities: number;
  /** How many of the base decree's task clauses to keep (the first ones). */
  clauses?: number;
}

const REGION_NAMES = [
  'Орловская область',
  'Курская область',
  'Брянская область',
  'Тульская область',
  'Липецкая область',
  'Калужская область',
];
const TOWNS = [
  'Верхнеречье',
  'Заречье',
  'Красногорье',
  'Ольховка',
  'Берёзовка',
  'Сосновка',
  'Дубровка',
  'Каменка',
  'Луговое',
  'Полянка',
  'Озёрки',
  'Рябиновка',
];

/** Region codes as in ОКТМО (two digits), municipality codes as eight-digit ОКТМО-like numbers. */
export function generateRegionCampaign(
  shape: RegionShape,
  base: Campaign = loadCampaignFile(BASE_CAMPAIGN_FILE),
): Campaign {
  if (shape.regions > 90) throw new Error('не больше 90 регионов: код региона — две цифры');
  const places = Array.from({ length: shape.regions }, (_, r) => {
    const code = String(10 + ((44 + r) % 90)); // 54, 55, … 99, then 10, 11, …: always two digits
    return {
      code,
      name: REGION_NAMES[r % REGION_NAMES.length]! + (r >= REGION_NAMES.length ? ` ${r + 1}` : ''),
      municipalities: Array.from({ length: shape.municipalities }, (_, m) => ({
        code: `${code}${String(601 + m).padStart(6, '0')}`,
        name: `${TOWNS[m % TOWNS.length]}ский район${m >= TOWNS.length ? ` ${m + 1}` : ''}`,
      })),
    };
  });
  const all = places.flatMap((region) => region.municipalities.map((municipality) => ({ region, municipality })));
  const schools = Array.from({ length: shape.schools }, (_, i) => {
    const { region, municipality } = all[i % all.length]!;
    const n = i + 1;
    return {
      id: `s${String(n).padStart(5, '0')}`,
      name: `МБОУ «${TOWNS[i % TOWNS.length]}ская СОШ № ${n}»`,
      statsId: String(5_700_000_000 + n),
      region: { code: region.code, name: region.name },
      municipality: { code: municipality.code, name: municipality.name, oktmo: municipality.code },
      head: { position: 'Директор', email: `direktor.s${n}@school.example` },
      officer: { position: 'Ответственный за «Сферум»', email: `sferum.s${n}@school.example` },
    };
  });
  let kept = 0;
  const clauses = base.decree.clauses.filter((c) => !c.task || (kept += 1) <= (shape.clauses ?? Infinity));
  const preamble = base.decree.preamble.map((p) =>
    p.includes('{{studentUsageBySchool}}')
      ? 'Использование платформы обучающимися {{schoolCount}} общеобразовательных организаций остаётся ниже целевых значений.'
      : p,
  );
  const input: CampaignInput = {
    ...base,
    id: shape.id,
    schools,
    decree: { ...base.decree, preamble, clauses },
    statistics: undefined,
  };
  return campaignSchema.parse(input);
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      schools: { type: 'string' },
      regions: { type: 'string' },
      municipalities: { type: 'string' },
      clauses: { type: 'string' },
      out: { type: 'string' },
      id: { type: 'string' },
    },
  });
  const shape: RegionShape = {
    id: values.id ?? 'region-380-2024',
    schools: Number(values.schools ?? 1500),
    regions: Number(values.regions ?? 1),
    municipalities: Number(values.municipalities ?? 24),
    clauses: values.clauses ? Number(values.clauses) : undefined,
  };
  const out = values.out ?? join(__dirname, 'campaign.generated.json');
  writeFileSync(out, JSON.stringify(generateRegionCampaign(shape), null, 1));
  console.log(
    `Кампания ${shape.id}: ${shape.schools} школ, регионов — ${shape.regions}, муниципалитетов в каждом — ${shape.municipalities}; записана в ${out}`,
  );
}
