/** GET /consultations: every consultation with its status, dates and how many have responded (HR). */

import {
  type ConsultationRequest,
  consultationPath,
  renderDashboardPage,
} from '../../dashboard/dashboard-page.ts';
import { consultationStatusTags } from '../../dashboard/labels.ts';
import type { WebResult } from '../../page-response.ts';

export async function showConsultations(request: ConsultationRequest): Promise<WebResult> {
  const consultations = await request.consultations.list();
  const rows = [...consultations]
    .sort((a, b) => a.closesOn.localeCompare(b.closesOn) || a.title.localeCompare(b.title))
    .map((consultation) => ({
      href: consultationPath(consultation.id),
      title: consultation.title,
      status: consultationStatusTags[consultation.status],
      opensOn: consultation.opensOn,
      closesOn: consultation.closesOn,
      invited: consultation.invited,
      responded: consultation.responded,
      publicResponses: consultation.public ? consultation.publicResponses : undefined,
      underTwelveWeeks: consultation.warnings.some(
        (warning) => warning.code === 'PUBLIC_CONSULTATION_UNDER_TWELVE_WEEKS',
      ),
    }));
  return renderDashboardPage(request, 'consultations/view.njk', { rows }, { section: 'consultations' });
}
