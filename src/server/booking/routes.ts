// HTTP edge of booking (/api/booking): thin routes over service.ts; schemas in src/shared/api/booking.ts.
import { MediaResponse } from '../../shared/api/common.ts';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Booking,
  BookingSetting,
  BookRequest,
  CancelRequest,
  Cancelled,
  DayQuery,
  DirectList,
  DirectOptions,
  LetterQuery,
  Machines,
  Machine,
  MachineDay,
  Queue,
  QueueOptions,
  QueueQuery,
  RescheduleRequest,
  SaveBookingSetting,
  SaveDicomCharacterSet,
  SaveShifts,
  SaveSlotType,
  SlotTypes,
  SuggestQuery,
  Suggestions,
  TripBooking,
  TripRequest,
  AfterEndAcknowledged,
  AfterEndQuery,
  AfterEndWarnings,
} from '../../shared/api/booking.ts';
import { acknowledgeAfterEnd, afterEndWarnings } from './after-end.ts';
import { whoOf } from '../access/gate.ts';
import { principalOf } from '../http/access.ts';
import { letterFor } from './letter.ts';
import {
  book,
  BOOKING_ROLES,
  bookingQueue,
  bookingQueueOptions,
  bookingSetting,
  bookTrip,
  cancel,
  directBook,
  directList,
  directOptions,
  listMachines,
  listSlotTypes,
  machineDay,
  reschedule,
  saveBookingSetting,
  saveDicomCharacterSet,
  saveShifts,
  saveSlotType,
  suggestionsFor,
} from './service.ts';

const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const bookingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const staff = { access: { roles: BOOKING_ROLES } };
  const leader = { access: { roles: ['department_leader'] as const } };
  const clinicians = { access: { roles: ['referrer', ...BOOKING_ROLES] as const } };

  // ---- machines: opening hours, shifts, slot types, direct-booking setting ----
  app.get('/api/booking/machines', { config: staff, schema: { response: { 200: Machines } } }, async (req) => listMachines(db, principalOf(req)));
  app.put('/api/booking/machines/:id/shifts', { config: leader, schema: { params: IdParam, body: SaveShifts, response: { 200: Machine } } }, async (req) =>
    saveShifts(db, principalOf(req), req.params.id, req.body),
  );
  app.put(
    '/api/booking/machines/:id/dicom-character-set',
    { config: leader, schema: { params: IdParam, body: SaveDicomCharacterSet, response: { 200: Machine } } },
    async (req) => saveDicomCharacterSet(db, principalOf(req), req.params.id, req.body.dicomCharacterSet),
  );
  app.get('/api/booking/slot-types', { config: staff, schema: { response: { 200: SlotTypes } } }, async (req) => listSlotTypes(db, principalOf(req)));
  app.put('/api/booking/slot-types', { config: leader, schema: { body: SaveSlotType, response: { 204: Type.Null() } } }, async (req, reply) => {
    await saveSlotType(db, principalOf(req), req.body);
    return reply.status(204).send(null);
  });
  app.get('/api/booking/departments/:id/setting', { config: staff, schema: { params: IdParam, response: { 200: BookingSetting } } }, async (req) =>
    bookingSetting(db, req.params.id),
  );
  app.put(
    '/api/booking/departments/:id/setting',
    { config: leader, schema: { params: IdParam, body: SaveBookingSetting, response: { 200: BookingSetting } } },
    async (req) => saveBookingSetting(db, principalOf(req), req.params.id, req.body.directBookingExamCodes, req.body.directBookingDueDays),
  );

  // ---- the queue, suggestions, booking ----
  app.get('/api/booking/queue', { config: staff, schema: { querystring: QueueQuery, response: { 200: Queue } } }, async (req) =>
    bookingQueue(db, whoOf(req), req.query),
  );
  app.get('/api/booking/queue/options', { config: staff, schema: { response: { 200: QueueOptions } } }, async (req) => bookingQueueOptions(db, whoOf(req)));
  app.get(
    '/api/booking/referrals/:id',
    { config: staff, schema: { params: IdParam, querystring: SuggestQuery, response: { 200: Suggestions } } },
    async (req) => suggestionsFor(db, whoOf(req), req.params.id, { count: req.query.count ?? 12, from: req.query.from }),
  );
  app.post(
    '/api/booking/referrals/:id/book',
    { config: staff, schema: { params: IdParam, body: BookRequest, response: { 201: Booking } } },
    async (req, reply) => reply.status(201).send(await book(db, whoOf(req), req.params.id, req.body)),
  );
  app.post('/api/booking/trips', { config: staff, schema: { body: TripRequest, response: { 201: TripBooking } } }, async (req, reply) =>
    reply.status(201).send({ bookings: await bookTrip(db, whoOf(req), req.body) }),
  );
  app.post(
    '/api/booking/steps/:id/reschedule',
    { config: staff, schema: { params: IdParam, body: RescheduleRequest, response: { 200: Booking } } },
    async (req) => reschedule(db, whoOf(req), req.params.id, req.body),
  );
  app.post('/api/booking/steps/:id/cancel', { config: staff, schema: { params: IdParam, body: CancelRequest, response: { 200: Cancelled } } }, async (req) =>
    cancel(db, whoOf(req), req.params.id, req.body),
  );
  app.get('/api/booking/machines/:id/day', { config: staff, schema: { params: IdParam, querystring: DayQuery, response: { 200: MachineDay } } }, async (req) =>
    machineDay(db, whoOf(req), req.params.id, req.query.date),
  );

  // ---- exams the modality started after their referral had ended (after-end.ts) ----
  app.get('/api/booking/after-end', { config: staff, schema: { querystring: AfterEndQuery, response: { 200: AfterEndWarnings } } }, async (req) =>
    afterEndWarnings(db, whoOf(req), BOOKING_ROLES, req.query.referralId),
  );
  app.post('/api/booking/after-end/:id/acknowledge', { config: staff, schema: { params: IdParam, response: { 200: AfterEndAcknowledged } } }, async (req) =>
    acknowledgeAfterEnd(db, whoOf(req), req.params.id, BOOKING_ROLES),
  );

  // ---- the patient letter (PDF) ----
  app.get(
    '/api/booking/steps/:id/letter',
    {
      config: clinicians,
      schema: { params: IdParam, querystring: LetterQuery, response: { 200: MediaResponse('application/pdf', 'The patient letter (innkalling) as PDF') } },
    },
    async (req, reply) => {
      const pdf = await letterFor(db, whoOf(req), req.params.id, req.query.lang ?? 'nb');
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="innkalling-${pdf.accessionNumber}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf.bytes);
    },
  );

  // ---- direct booking by clinicians ----
  app.get('/api/booking/direct', { config: { access: { roles: ['referrer'] as const } }, schema: { response: { 200: DirectList } } }, async (req) =>
    directList(db, whoOf(req)),
  );
  app.get('/api/booking/direct/:id', { config: clinicians, schema: { params: IdParam, response: { 200: DirectOptions } } }, async (req) =>
    directOptions(db, whoOf(req), req.params.id),
  );
  app.post('/api/booking/direct/:id', { config: clinicians, schema: { params: IdParam, body: BookRequest, response: { 201: Booking } } }, async (req, reply) =>
    reply.status(201).send(await directBook(db, whoOf(req), req.params.id, req.body)),
  );
};
