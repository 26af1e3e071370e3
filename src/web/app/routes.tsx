// Path → page. Each domain's page is registered here (and its menu entry in navigation.ts).
// Pages load lazily: each domain becomes its own chunk, so the login page does not wait for
// the referral form or the chart library.
import { lazy, type ReactNode } from 'react';
import { StartPage } from '../start/StartPage.tsx';

const DirectBookingPage = lazy(() => import('../booking/DirectBookingPage.tsx').then((m) => ({ default: m.DirectBookingPage })));
const BookingPage = lazy(() => import('../booking/BookingPage.tsx').then((m) => ({ default: m.BookingPage })));
const AdminPage = lazy(() => import('../admin/AdminPage.tsx').then((m) => ({ default: m.AdminPage })));
const AccessLogPage = lazy(() => import('../audit/AccessLogPage.tsx').then((m) => ({ default: m.AccessLogPage })));
const DirectoryPage = lazy(() => import('../directory/DirectoryPage.tsx').then((m) => ({ default: m.DirectoryPage })));
const GuidelinesPage = lazy(() => import('../referrals/GuidelinesPage.tsx').then((m) => ({ default: m.GuidelinesPage })));
const NewReferralPage = lazy(() => import('../referrals/NewReferralPage.tsx').then((m) => ({ default: m.NewReferralPage })));
const InboxPage = lazy(() => import('../assessment/InboxPage.tsx').then((m) => ({ default: m.InboxPage })));
const AssessReferralPage = lazy(() => import('../assessment/AssessReferralPage.tsx').then((m) => ({ default: m.AssessReferralPage })));
const DepartmentSettingsPage = lazy(() => import('../assessment/DepartmentSettingsPage.tsx').then((m) => ({ default: m.DepartmentSettingsPage })));
const ReferralStatusPage = lazy(() => import('../assessment/ReferralStatusPage.tsx').then((m) => ({ default: m.ReferralStatusPage })));
const WorklistPage = lazy(() => import('../reading/WorklistPage.tsx').then((m) => ({ default: m.WorklistPage })));
const ConsultsPage = lazy(() => import('../reading/ConsultPages.tsx').then((m) => ({ default: m.ConsultsPage })));
const ConsultPage = lazy(() => import('../reading/ConsultPages.tsx').then((m) => ({ default: m.ConsultPage })));
const ReadingLeaderPage = lazy(() => import('../reading/ReadingLeaderPage.tsx').then((m) => ({ default: m.ReadingLeaderPage })));
const ReportPage = lazy(() => import('../reporting/ReportPage.tsx').then((m) => ({ default: m.ReportPage })));
const CountersignQueuePage = lazy(() => import('../reporting/CountersignQueuePage.tsx').then((m) => ({ default: m.CountersignQueuePage })));
const TrainingPage = lazy(() => import('../training/TrainingPage.tsx').then((m) => ({ default: m.TrainingPage })));
const TrainingPlansPage = lazy(() => import('../training/PlansPage.tsx').then((m) => ({ default: m.PlansPage })));
const GoalTitlesPage = lazy(() => import('../training/PlansPage.tsx').then((m) => ({ default: m.GoalTitlesPage })));
const TrainingRecordPage = lazy(() => import('../training/RecordPage.tsx').then((m) => ({ default: m.RecordPage })));
const ReportFeedbackPage = lazy(() => import('../reporting/FeedbackPage.tsx').then((m) => ({ default: m.FeedbackPage })));
const AnalyticsPage = lazy(() => import('../analytics/AnalyticsPage.tsx').then((m) => ({ default: m.AnalyticsPage })));
const FeedbackPage = lazy(() => import('../analytics/FeedbackPage.tsx').then((m) => ({ default: m.FeedbackPage })));
const TaskSharingPage = lazy(() => import('../task-sharing/TaskSharingPage.tsx').then((m) => ({ default: m.TaskSharingPage })));
const BlindAssessmentPage = lazy(() => import('../task-sharing/BlindAssessmentPage.tsx').then((m) => ({ default: m.BlindAssessmentPage })));
const CapacityPage = lazy(() => import('../capacity/CapacityPage.tsx').then((m) => ({ default: m.CapacityPage })));
const AdviceCataloguePage = lazy(() => import('../advice-catalogue/AdviceCataloguePage.tsx').then((m) => ({ default: m.AdviceCataloguePage })));
const AuthoringPage = lazy(() => import('../authoring/AuthoringPage.tsx').then((m) => ({ default: m.AuthoringPage })));
const TopicPage = lazy(() => import('../authoring/TopicPage.tsx').then((m) => ({ default: m.TopicPage })));
const VersionEditorPage = lazy(() => import('../authoring/VersionEditorPage.tsx').then((m) => ({ default: m.VersionEditorPage })));
const ReferralListPage = lazy(() => import('../referrals/ReferralListPage.tsx').then((m) => ({ default: m.ReferralListPage })));

export function pageFor(path: string): ReactNode | null {
  if (path === '/') return <StartPage />;
  if (path === '/directory' || path.startsWith('/directory/')) return <DirectoryPage orgId={path.split('/')[2]} />;
  if (path === '/access-log') return <AccessLogPage />;
  if (path === '/admin') return <AdminPage />;
  if (path === '/referrals/new') return <NewReferralPage />;
  if (path === '/referrals') return <ReferralListPage />;
  if (path.startsWith('/referrals/') && path.split('/').length === 3) return <ReferralStatusPage id={decodeURIComponent(path.split('/')[2])} />;
  if (path === '/inbox') return <InboxPage />;
  if (path === '/reading') return <WorklistPage />;
  if (path === '/avdeling') return <DepartmentSettingsPage />;
  if (path === '/reading/consults') return <ConsultsPage />;
  if (path.startsWith('/reading/consults/') && path.split('/').length === 4) return <ConsultPage id={decodeURIComponent(path.split('/')[3])} />;
  if (path === '/reading/leder') return <ReadingLeaderPage />;
  if (path.startsWith('/inbox/') && path.split('/').length === 3) return <AssessReferralPage id={decodeURIComponent(path.split('/')[2])} />;
  if (path.startsWith('/reading/exams/') && path.split('/').length === 4) return <ReportPage examId={decodeURIComponent(path.split('/')[3])} />;
  if (path === '/reporting/countersign') return <CountersignQueuePage />;
  if (path === '/reporting/feedback') return <ReportFeedbackPage />;
  if (path === '/booking') return <BookingPage />;
  if (path === '/direct-booking') return <DirectBookingPage />;
  if (path === '/oppgavedeling') return <TaskSharingPage />;
  if (path.startsWith('/oppgavedeling/') && path.split('/').length === 3) return <BlindAssessmentPage id={decodeURIComponent(path.split('/')[2])} />;
  if (path === '/utdanning') return <TrainingPage />;
  if (path === '/utdanning/planer') return <TrainingPlansPage />;
  if (path === '/utdanning/laeringsmal') return <GoalTitlesPage />;
  if (path.startsWith('/utdanning/') && path.split('/').length === 3) return <TrainingRecordPage id={decodeURIComponent(path.split('/')[2])} />;
  if (path === '/styringsdata') return <AnalyticsPage />;
  if (path === '/styringsdata/min-praksis') return <FeedbackPage />;
  if (path === '/kapasitet') return <CapacityPage />;
  if (path === '/fagredaksjon') return <AuthoringPage />;
  if (path.startsWith('/fagredaksjon/tema/') && path.split('/').length === 4) return <TopicPage topicId={decodeURIComponent(path.split('/')[3])} />;
  if (path.startsWith('/fagredaksjon/versjon/') && path.split('/').length === 4)
    return <VersionEditorPage versionId={decodeURIComponent(path.split('/')[3])} />;
  const publicPage = publicPageFor(path);
  if (publicPage) return publicPage;
  return null;
}

/** Pages anyone may read without logging in (the referral advice). */
export function publicPageFor(path: string): ReactNode | null {
  // The list is the public advice catalogue (advice-catalogue/); one topic's page stays in referrals/.
  if (path === '/henvisningsrad') return <AdviceCataloguePage />;
  if (path.startsWith('/henvisningsrad/')) return <GuidelinesPage topicId={path.split('/')[2]} />;
  return null;
}
