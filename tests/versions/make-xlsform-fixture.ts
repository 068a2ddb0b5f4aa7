import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARENTS_XLSFORM, workbookBytes } from './xlsform-workbooks.ts';

// Writes tests/fixtures/xlsform/parents-support.xlsx from PARENTS_XLSFORM, so the committed fixture
// can be opened in Excel or KoboToolbox and regenerated when the form changes:
//   npx tsx tests/versions/make-xlsform-fixture.ts

const target = join(import.meta.dirname, '..', 'fixtures', 'xlsform', 'parents-support.xlsx');
writeFileSync(target, await workbookBytes(PARENTS_XLSFORM));
console.log(`wrote ${target}`);
