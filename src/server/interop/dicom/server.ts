// The DICOM listener: Verification (C-ECHO), Modality Worklist (C-FIND) and MPPS (N-CREATE,
// N-SET) as an SCP, on dcmjs-dimse's association and DIMSE handling (no hand-written PDUs).
//
// Association control (PS3.8 9.3.4, PS3.7 D.3.3.2): the called AE title must be Radvis' own
// (else A-ASSOCIATE-RJ permanent, reason 7), the calling AE title must be a registered, active
// machine and at most 16 characters (else reason 3). Every failure inside a request becomes a DIMSE
// status; a request never crashes the process or leaves the peer waiting. What is not DICOM at
// all (an unknown PDU type, an absurd PDU length, a command the SCP cannot read) ends the
// connection with an A-ABORT (PS3.8 9.3.8) where an association exists, else by closing it.
import net from 'node:net';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Listener } from '../../listener.ts';
import { startPerformedStep, updatePerformedStepStatus } from '../../scheduling/performed.ts';
import { isDicomUid, newDicomUid } from '../../scheduling/uid.ts';
import { logDicomRefusal, readWorklistForModality, registeredModality } from '../../scheduling/worklist.ts';
import {
  dimse,
  isWellFormedDataset,
  MALFORMED,
  SENT_CHARSET,
  SOP,
  TS,
  type Association,
  type CCancelRequest,
  type CEchoRequest,
  type CFindRequest,
  type CFindResponse as CFindResponseT,
  type CEchoResponse as CEchoResponseT,
  type NCreateRequest,
  type NCreateResponse as NCreateResponseT,
  type NSetRequest,
  type NSetResponse as NSetResponseT,
  type Request,
} from './dimse.ts';
import {
  ERROR_ID_MAY_NO_LONGER_BE_UPDATED,
  keepable,
  MAY_NO_LONGER_BE_UPDATED,
  checkStepEnd,
  stepStart,
  decodeMppsText,
  MppsError,
  readMppsCreate,
  readMppsSet,
  STATUS_DUPLICATE_INSTANCE,
  STATUS_INVALID_ATTRIBUTE_VALUE,
  STATUS_INVALID_OBJECT_INSTANCE,
  STATUS_NO_SUCH_INSTANCE,
  STATUS_PROCESSING_FAILURE,
} from './mpps.ts';
import { EncodedDataset, shareCommandEncoding } from './encode.ts';
import { PduGuard } from './pdu-guard.ts';
import {
  encodeWorklistAnswer,
  matchesWorklistQuery,
  parseWorklistQuery,
  preferredCharset,
  STATUS_UNABLE_TO_PROCESS,
  WorklistQueryError,
} from './worklist-query.ts';

const { Scp, constants, responses } = dimse;
const { CEchoResponse, CFindResponse, NCreateResponse, NSetResponse } = responses;
const { AbortSource, PresentationContextResult, RejectResult, RejectSource, RejectReason } = constants;

/**
 * Command Field (0000,0100) values of the DIMSE requests (PS3.7 Table E.1-1): C-STORE, C-GET,
 * C-FIND, C-MOVE, C-ECHO, N-EVENT-REPORT, N-GET, N-SET, N-ACTION, N-CREATE, N-DELETE, C-CANCEL.
 * Responses have bit 15 set.
 */
const REQUEST_COMMANDS = new Set([0x0001, 0x0010, 0x0020, 0x0021, 0x0030, 0x0100, 0x0110, 0x0120, 0x0130, 0x0140, 0x0150, 0x0fff]);

/** The parts of a received P-DATA-TF the command check reads (dcmjs-dimse 0.3.3 Pdv, PS3.8 9.3.5.1). */
interface PdvLike {
  getValue(): Buffer;
  isCommand(): boolean;
  isLastFragment(): boolean;
}
type ProcessPData = (pdata: { getPdvs(): PdvLike[] }) => Promise<void>;

/**
 * Whether the bytes of a command set (Implicit VR Little Endian, PS3.7 6.3.1) can be acted on: a
 * well-formed data set with a Command Field (0000,0100) naming a DIMSE request or response.
 */
export function isReadableCommand(bytes: Buffer): boolean {
  if (!isWellFormedDataset(bytes, TS.implicitLittle)) return false;
  for (let off = 0; off + 8 <= bytes.length;) {
    const group = bytes.readUInt16LE(off);
    const element = bytes.readUInt16LE(off + 2);
    const len = bytes.readUInt32LE(off + 4);
    if (group !== 0x0000) return false;
    if (element === 0x0100) {
      if (len !== 2) return false;
      const field = bytes.readUInt16LE(off + 8);
      return REQUEST_COMMANDS.has(field) || REQUEST_COMMANDS.has(field & 0x7fff);
    }
    off += 8 + len;
  }
  return false;
}

/** The longest P-DATA-TF the listener reads (see PduGuard). */
const MAX_DATA_PDU = 16 * 1024 * 1024;

/** Error Comment for a request whose data set is truncated or not a data set (see MALFORMED in dimse.ts). */
const NOT_A_DATA_SET = 'The data set is truncated or not a DICOM data set';

/** Log sink without personal data: AE titles, statuses and counts only. */
export interface DicomLog {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface DicomListenerOptions {
  db: Kysely<DB>;
  /** Radvis' own AE title (DICOM_AE_TITLE). */
  aeTitle: string;
  port: number;
  host: string;
  log: DicomLog;
  /** How far (seconds) a modality's clock may run ahead (config MPPS_CLOCK_SKEW_SECONDS; default 300). */
  mppsClockSkewSeconds?: number;
  /**
   * Seconds a connection may stay silent (no bytes either way) before it is aborted (config
   * DICOM_IDLE_TIMEOUT_SECONDS; 30 when not given, as config.ts): a peer that opens a connection and never asks for an
   * association (PS3.8 9.1.5 ARTIM), or announces a data set and never sends it, is cut off.
   */
  idleTimeoutSeconds?: number;
}

export interface DicomListener extends Listener {
  /** The bound port (after start; useful with port 0). */
  port(): number;
}

const PENDING = 0xff00;
/** Matching terminated due to Cancel request (PS3.4 C.4.1.1.4 / K.4.1.1.4). */
const CANCELLED = 0xfe00;
/** Pending answers sent per turn of the event loop, so a C-CANCEL can be read between turns. */
const ANSWERS_PER_TURN = 8;
/** Pending, with a warning that one or more optional keys were not supported (PS3.4 K.4.1.1.4). */
const PENDING_UNSUPPORTED_KEYS = 0xff01;
const SUCCESS = 0x0000;

const SUPPORTED = new Set<string>([SOP.verification, SOP.worklistFind, SOP.mpps]);

/** Command Field values (PS3.7 Table E.1-1) of the DIMSE requests. */
const CMD = {
  cStore: 0x0001,
  cGet: 0x0010,
  cFind: 0x0020,
  cMove: 0x0021,
  cEcho: 0x0030,
  nEventReport: 0x0100,
  nGet: 0x0110,
  nSet: 0x0120,
  nAction: 0x0130,
  nCreate: 0x0140,
  nDelete: 0x0150,
} as const;

/**
 * The DIMSE operations each SOP class the listener serves has: Verification C-ECHO (PS3.4 A.4),
 * Modality Worklist Information Model – FIND C-FIND (PS3.4 K.4.1; C-CANCEL is part of C-FIND),
 * Modality Performed Procedure Step N-CREATE and N-SET (PS3.4 F.7.1, Table F.7.1-1).
 */
const OPERATIONS: Readonly<Record<string, ReadonlySet<number>>> = {
  [SOP.verification]: new Set([CMD.cEcho]),
  [SOP.worklistFind]: new Set([CMD.cFind]),
  [SOP.mpps]: new Set([CMD.nCreate, CMD.nSet]),
};

/** 0x0122 Refused: SOP Class not supported (PS3.7 C.5.x). */
export const STATUS_SOP_CLASS_NOT_SUPPORTED = 0x0122;
/** 0x0211 Unrecognized operation: not one the SOP class has (PS3.7 Annex C, C.5.x). */
export const STATUS_UNRECOGNIZED_OPERATION = 0x0211;

/**
 * Whether a DIMSE request may be acted on: undefined when `commandField` (PS3.7 Table E.1-1) is
 * an operation of `sopClass` (OPERATIONS); 0x0122 when the listener does not serve `sopClass`;
 * 0x0211 Unrecognized operation when it does but the SOP class has no such operation — N-GET on
 * an MPPS instance, C-MOVE on the worklist — an answer a modality does not retry, unlike 0x0110.
 */
export function operationRefusal(sopClass: string | undefined, commandField: number): number | undefined {
  const ops = sopClass === undefined ? undefined : OPERATIONS[sopClass];
  if (!ops) return STATUS_SOP_CLASS_NOT_SUPPORTED;
  return ops.has(commandField) ? undefined : STATUS_UNRECOGNIZED_OPERATION;
}

/** The SOP class a request names: Requested SOP Class UID (N-GET/SET/ACTION/DELETE), else Affected. */
function sopClassOf(request: Request): string | undefined {
  const cmd = request.getCommandDataset();
  const v = cmd.getElement('RequestedSOPClassUID') ?? cmd.getElement('AffectedSOPClassUID');
  return typeof v === 'string' && v !== '' ? v.replace(/\0+$/, '') : undefined;
}

/** Error Comment (0000,0902) is LO: at most 64 characters. */
const comment = (s: string) => s.slice(0, 64);

export function createDicomListener(opts: DicomListenerOptions): DicomListener {
  const { db, log } = opts;
  const skewMs = (opts.mppsClockSkewSeconds ?? 300) * 1000;
  const idleMs = (opts.idleTimeoutSeconds ?? 30) * 1000;
  const ownAe = opts.aeTitle.trim();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;

  class RadvisScp extends Scp {
    private callingAe: string | undefined;
    /** The calling machine is registered as reading Latin-1 only (answers in ISO_IR 100). */
    private machineLatin1 = false;
    private readonly peer: string | null;
    declare association: Association;

    constructor(
      private readonly sock: net.Socket,
      private readonly guard: PduGuard,
    ) {
      // dcmjs-dimse 0.3.3 puts `connectTimeout` on the socket as its idle timeout (net.Socket
      // setTimeout: no bytes either way for that long → 'timeout' → networkError, which aborts the
      // connection below). Its association and PDU timeouts only run for connections it opened
      // itself (they wait for a 'connect' event a server socket never emits), so the idle timeout
      // is the one that holds on the listener's side; the other two are given the same value.
      super(sock, { associationTimeout: idleMs, pduTimeout: idleMs, connectTimeout: idleMs });
      this.peer = sock.remoteAddress ?? null;
      // dcmjs-dimse 0.3.3 reads each P-DATA-TF in Network._processPDataTf (not in its typings). A
      // command set it cannot read it keeps as a command without a command field and then waits
      // for a data set that never comes: the peer would wait for an answer until its own timeout.
      const self = this as unknown as { _processPDataTf?: ProcessPData };
      const base = self._processPDataTf;
      if (typeof base !== 'function') throw new Error('dcmjs-dimse: _processPDataTf not found; check the command check in server.ts');
      self._processPDataTf = (pdata) => this.checkCommands(pdata, base.bind(this));
    }

    /** Bytes of a command set received in fragments so far (PS3.8 9.3.5.1, message control header). */
    private command: Buffer[] = [];

    /**
     * Passes a P-DATA-TF on to the library unless it completes a command set that cannot be read
     * (see isReadableCommand): that ends the association with an A-ABORT, invalid PDU parameter
     * value (PS3.8 Table 9-26), rather than leaving the peer waiting.
     */
    private async checkCommands(pdata: { getPdvs(): PdvLike[] }, base: ProcessPData): Promise<void> {
      for (const pdv of pdata.getPdvs()) {
        if (!pdv.isCommand()) continue;
        this.command.push(pdv.getValue());
        if (!pdv.isLastFragment()) continue;
        const bytes = Buffer.concat(this.command);
        this.command = [];
        if (!isReadableCommand(bytes)) {
          log.warn({ calling: this.callingAe }, 'DICOM command could not be read; association aborted');
          this.abortConnection(6);
          return;
        }
      }
      await base(pdata);
    }

    /**
     * Ends the connection: an A-ABORT from the service provider with `reason` (PS3.8 Table 9-26)
     * when an association was requested, then the transport is closed.
     */
    abortConnection(reason: number): void {
      if (this.sock.destroyed) return;
      try {
        if (this.association && this.sock.writable) this.sendAbort(AbortSource.ServiceProvider, reason);
      } catch {
        // The peer may already be gone; closing below is all that is left to do.
      }
      this.sock.end();
      // A peer that never closes its side is cut off shortly after.
      setTimeout(() => this.sock.destroy(), 2000).unref();
    }

    override associationRequested(association: Association): void {
      this.association = association;
      void this.decideAssociation(association);
    }

    private async decideAssociation(a: Association): Promise<void> {
      try {
        const called = a.getCalledAeTitle().trim();
        const calling = a.getCallingAeTitle().trim();
        // An AE title written longer than 16 characters (PS3.5 Table 6.2-1) overflowed its field
        // of the A-ASSOCIATE-RQ; the library read only its first 16 characters as the title.
        if (this.guard.aeTitleOverflow()) {
          log.warn({ called, calling }, 'DICOM association rejected: an AE title is longer than 16 characters');
          await this.refuseAssociation(calling, 'ae-title-too-long');
          this.reject(RejectReason.CallingAeNotRecognized);
          return;
        }
        if (called !== ownAe) {
          log.warn({ called, calling }, 'DICOM association rejected: called AE title is not ours');
          await this.refuseAssociation(calling, 'called-ae-not-ours');
          this.reject(RejectReason.CalledAeNotRecognized);
          return;
        }
        const machine = await registeredModality(db, calling);
        if (!machine) {
          log.warn({ calling }, 'DICOM association rejected: calling AE title is not a registered modality');
          await this.refuseAssociation(calling, 'unregistered-modality');
          this.reject(RejectReason.CallingAeNotRecognized);
          return;
        }
        this.callingAe = calling;
        this.machineLatin1 = machine.characterSet === 'ISO_IR 100';
        for (const { context } of a.getPresentationContexts()) {
          if (!SUPPORTED.has(context.getAbstractSyntaxUid())) {
            context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
            continue;
          }
          const offered = context.getTransferSyntaxUids();
          if (offered.includes(TS.explicitLittle)) context.setResult(PresentationContextResult.Accept, TS.explicitLittle);
          else if (offered.includes(TS.implicitLittle)) context.setResult(PresentationContextResult.Accept, TS.implicitLittle);
          else context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
        }
        this.sendAssociationAccept();
      } catch (e) {
        log.error({ err: errorText(e) }, 'DICOM association could not be decided');
        this.sendAssociationReject(RejectResult.Transient, RejectSource.ServiceUser, RejectReason.NoReasonGiven);
        this.sock.end();
      }
    }

    /**
     * Writes the refused association to the access log through the gate (Normen: every refused
     * attempt is traced there, not only in the server log): no patient, the calling AE title as the
     * resource. A failure to write is logged by the gate and never changes the answer.
     */
    private async refuseAssociation(calling: string, reason: string): Promise<void> {
      await logDicomRefusal(db, { aeTitle: calling.slice(0, 16), client: this.peer }, reason, {
        resourceType: 'DicomAssociation',
        resourceId: calling.slice(0, 64) || '(empty)',
        action: 'read',
        context: 'dicom-association',
      });
    }

    private reject(reason: number): void {
      this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, reason);
      // The requestor closes the transport after a reject (PS3.8 7.1.1.7); we stop listening to it.
      this.sock.end();
    }

    override associationReleaseRequested(): void {
      this.sendAssociationReleaseResponse();
    }

    override abort(): void {
      this.sock.destroy();
    }

    /** Message IDs of C-FIND requests the peer cancelled (PS3.7 9.3.2.3); checked between answers. */
    private readonly cancelled = new Set<number>();
    /** Message IDs of C-FIND requests still being answered. */
    private readonly answering = new Set<number>();

    override cCancelRequest(request: CCancelRequest): void {
      const id = request.getMessageIdBeingRespondedTo();
      if (this.answering.has(id)) this.cancelled.add(id);
    }

    private door() {
      return { aeTitle: this.callingAe ?? '', client: this.peer };
    }

    private acceptedTs(request: Request): string {
      return this.association.getAcceptedPresentationContextFromRequest(request)?.getAcceptedTransferSyntaxUid() ?? TS.implicitLittle;
    }

    override cEchoRequest(request: CEchoRequest, callback: (r: CEchoResponseT) => void): void {
      const r = CEchoResponse.fromRequest(request);
      r.setStatus(this.refusal(request, CMD.cEcho) ?? SUCCESS);
      callback(r);
    }

    /**
     * The status for a request that is not an operation of its SOP class (operationRefusal), or
     * undefined when it is; a refusal is logged as a warning (AE title, operation, status).
     */
    private refusal(request: Request, commandField: number): number | undefined {
      const status = operationRefusal(sopClassOf(request), commandField);
      if (status !== undefined)
        log.warn({ calling: this.callingAe, command: `0x${commandField.toString(16).padStart(4, '0')}`, status }, 'DICOM operation refused');
      return status;
    }

    /**
     * Answers a request for an operation none of the served SOP classes has (C-STORE, C-GET,
     * C-MOVE, N-GET, N-ACTION, N-DELETE, N-EVENT-REPORT) with its refusal status (0x0211, or
     * 0x0122 for a SOP class not served) instead of dcmjs-dimse's default handler (0x0110
     * Processing failure and an error log line): nothing is read or stored.
     */
    private unrecognized(
      request: Request,
      commandField: number,
      make: { fromRequest(r: never): { setStatus(s: number): void; setErrorComment(c: string): void } },
      callback: (r: never) => void,
    ): void {
      const r = make.fromRequest(request as never);
      r.setStatus(this.refusal(request, commandField) ?? STATUS_UNRECOGNIZED_OPERATION);
      r.setErrorComment('Operation not supported for this SOP Class');
      callback(r as never);
    }

    override cStoreRequest(request: Request, callback: (r: never) => void): void {
      this.unrecognized(request, CMD.cStore, responses.CStoreResponse, callback);
    }
    override cGetRequest(request: Request, callback: (r: never) => void): void {
      this.unrecognized(request, CMD.cGet, responses.CGetResponse, callback);
    }
    override cMoveRequest(request: Request, callback: (r: never) => void): void {
      this.unrecognized(request, CMD.cMove, responses.CMoveResponse, callback);
    }
    override nGetRequest(request: Request, callback: (r: never) => void): void {
      this.unrecognized(request, CMD.nGet, responses.NGetResponse, callback);
    }
    override nActionRequest(request: Request, callback: (r: never) => void): void {
      this.unrecognized(request, CMD.nAction, responses.NActionResponse, callback);
    }
    override nDeleteRequest(request: Request, callback: (r: never) => void): void {
      this.unrecognized(request, CMD.nDelete, responses.NDeleteResponse, callback);
    }
    override nEventReportRequest(request: Request, callback: (r: never) => void): void {
      this.unrecognized(request, CMD.nEventReport, responses.NEventReportResponse, callback);
    }

    /**
     * Answers a C-FIND: the pending answers a few at a time (each turn of the event loop lets a
     * C-CANCEL in), then the final response: Success, or Cancel (0xFE00) when the peer cancelled
     * before the last answer went out (PS3.4 C.4.1.3.1; a cancel after that is ignored).
     */
    override cFindRequest(request: CFindRequest, callback: (responses: CFindResponseT[]) => void): void {
      const id = request.getMessageId();
      this.answering.add(id);
      this.find(request)
        .catch((e: unknown) => {
          log.error({ calling: this.callingAe, err: errorText(e) }, 'DICOM C-FIND failed');
          return [this.findFinal(request, STATUS_UNABLE_TO_PROCESS, 'Unable to process')];
        })
        .then(async (responses) => {
          const final = responses.pop()!;
          for (let i = 0; i < responses.length; i += ANSWERS_PER_TURN) {
            if (this.cancelled.has(id)) break;
            for (const r of responses.slice(i, i + ANSWERS_PER_TURN)) this.sendResponse(request, r);
            if (i + ANSWERS_PER_TURN < responses.length) await new Promise((r) => setImmediate(r));
          }
          if (this.cancelled.delete(id) && final.getStatus() === SUCCESS) {
            log.info({ calling: this.callingAe }, 'DICOM C-FIND cancelled by the peer');
            callback([this.findFinal(request, CANCELLED)]);
          } else callback([final]);
          this.answering.delete(id);
          this.cancelled.delete(id);
        })
        .catch((e: unknown) => log.error({ calling: this.callingAe, err: errorText(e) }, 'DICOM C-FIND answer could not be sent'));
    }

    private findFinal(request: CFindRequest, status: number, message?: string): CFindResponseT {
      const r = CFindResponse.fromRequest(request);
      r.setAffectedSopClassUid(request.getAffectedSopClassUid());
      r.setStatus(status);
      if (message) r.setErrorComment(comment(message));
      return r;
    }

    private async find(request: CFindRequest): Promise<CFindResponseT[]> {
      if (!this.callingAe) return [this.findFinal(request, STATUS_UNABLE_TO_PROCESS, 'No accepted association')];
      const refused = this.refusal(request, CMD.cFind);
      if (refused !== undefined) return [this.findFinal(request, refused, 'Operation not supported for this SOP Class')];
      let query;
      try {
        const elements = request.getDataset()?.getElements() as (Record<string, unknown> & { [SENT_CHARSET]?: string[]; [MALFORMED]?: boolean }) | undefined;
        if (elements?.[MALFORMED]) throw new WorklistQueryError(STATUS_UNABLE_TO_PROCESS, NOT_A_DATA_SET);
        query = parseWorklistQuery(elements, elements?.[SENT_CHARSET]);
      } catch (e) {
        if (e instanceof WorklistQueryError) {
          // The reason goes to the peer (Error Comment); the server log gets the status only — a
          // message may quote a query value (a name, a birth date).
          log.warn({ calling: this.callingAe, status: e.status }, 'DICOM C-FIND refused');
          return [this.findFinal(request, e.status, e.message)];
        }
        throw e;
      }
      const q = query;
      const keys = [...q.topKeys, ...(q.stepKeys ?? [])].filter((k) => k.value !== '' || k.item?.some((x) => x.value !== '')).map((k) => k.keyword);
      const items = await readWorklistForModality(db, this.door(), q.hints, (i) => matchesWorklistQuery(i, q), keys);
      const ts = this.acceptedTs(request);
      const preferred = preferredCharset(q, this.machineLatin1);
      const out: CFindResponseT[] = items.map((item) => {
        const r = CFindResponse.fromRequest(request);
        r.setAffectedSopClassUid(request.getAffectedSopClassUid());
        // Encoded here, in the accepted transfer syntax, by our own encoder (encode.ts): dcmjs'
        // per-element encoding cost ~2.4 ms per answer. dcmjs-dimse sends the bytes as they are.
        r.setDataset(new EncodedDataset(encodeWorklistAnswer(item, q, ts, preferred).bytes, ts));
        r.setStatus(q.unsupportedKeys ? PENDING_UNSUPPORTED_KEYS : PENDING);
        return r;
      });
      shareCommandEncoding(out);
      out.push(this.findFinal(request, SUCCESS));
      log.info({ calling: this.callingAe, matches: items.length, keys }, 'DICOM worklist query');
      return out;
    }

    override nCreateRequest(request: NCreateRequest, callback: (r: NCreateResponseT) => void): void {
      const uid = request.getAffectedSopInstanceUid() || newDicomUid();
      const respond = (status: number, message?: string) => {
        const r = NCreateResponse.fromRequest(request);
        r.setAffectedSopClassUid(SOP.mpps);
        r.setAffectedSopInstanceUid(uid);
        r.setStatus(status);
        if (message) r.setErrorComment(comment(message));
        callback(r);
      };
      void (async () => {
        try {
          if (!this.callingAe) return respond(STATUS_SOP_CLASS_NOT_SUPPORTED, 'SOP class not supported');
          const refused = this.refusal(request, CMD.nCreate);
          if (refused !== undefined) return respond(refused, 'Operation not supported for this SOP Class');
          // A malformed UID (PS3.5 9.1: digits and dots, at most 64 characters) → 0x0117 Invalid SOP Instance.
          if (!isDicomUid(uid)) return respond(STATUS_INVALID_OBJECT_INSTANCE, 'Affected SOP Instance UID is not a valid UID');
          const elements = request.getDataset()?.getElements();
          if (isMalformed(elements)) return respond(STATUS_PROCESSING_FAILURE, NOT_A_DATA_SET);
          // Text in the modality's Specific Character Set, sequence items included (breakit28: a
          // UTF-8 reason's code meaning was stored as 'frÃ¸s'); a set Radvis cannot read → 0x0106 (breakit32).
          decodeMppsText(elements);
          // PS3.4 F.7.2.1 / Table F.7.2-1: a start in the future (beyond the clock skew) is refused, as the end is.
          const input = readMppsCreate(elements, { now: new Date(), skewMs });
          const result = await startPerformedStep(db, this.door(), {
            sopInstanceUid: uid,
            scheduled: input.scheduled,
            startedAt: input.startedAt,
            attributes: keepable(elements ?? {}),
          });
          if (result.outcome === 'duplicate') return respond(STATUS_DUPLICATE_INSTANCE, 'Duplicate SOP Instance');
          // The group case (PS3.4 Table F.7.2-1): all items name steps Radvis performs here, or none.
          if (result.outcome === 'unknown-step')
            return respond(STATUS_INVALID_ATTRIBUTE_VALUE, `ScheduledStepAttributesSequence[${result.item}]: no such scheduled step`);
          if (result.outcome === 'several-patients')
            return respond(STATUS_INVALID_ATTRIBUTE_VALUE, 'ScheduledStepAttributesSequence: steps of different patients');
          log.info({ calling: this.callingAe, scheduled: result.stepIds.length }, 'DICOM MPPS in progress');
          respond(SUCCESS);
        } catch (e) {
          if (e instanceof MppsError) return respond(e.status, e.message);
          log.error({ calling: this.callingAe, err: errorText(e) }, 'DICOM N-CREATE failed');
          respond(STATUS_PROCESSING_FAILURE, 'Processing failure');
        }
      })();
    }

    override nSetRequest(request: NSetRequest, callback: (r: NSetResponseT) => void): void {
      const uid = request.getRequestedSopInstanceUid();
      const respond = (status: number, message?: string, errorId?: number) => {
        const r = NSetResponse.fromRequest(request);
        r.setAffectedSopClassUid(SOP.mpps);
        r.setAffectedSopInstanceUid(uid);
        r.setStatus(status);
        if (message) r.setErrorComment(comment(message));
        // Error ID (0000,0903), US: PS3.4 Table F.7.2-2 gives A710 with 0110 for a final step.
        if (errorId !== undefined) r.getCommandDataset().setElement('ErrorID', errorId as unknown as string);
        callback(r);
      };
      void (async () => {
        try {
          if (!this.callingAe) return respond(STATUS_SOP_CLASS_NOT_SUPPORTED, 'SOP class not supported');
          const refused = this.refusal(request, CMD.nSet);
          if (refused !== undefined) return respond(refused, 'Operation not supported for this SOP Class');
          if (!uid) return respond(STATUS_NO_SUCH_INSTANCE, 'No SOP Instance UID');
          if (!isDicomUid(uid)) return respond(STATUS_INVALID_OBJECT_INSTANCE, 'Requested SOP Instance UID is not a valid UID');
          const elements = request.getDataset()?.getElements();
          if (isMalformed(elements)) return respond(STATUS_PROCESSING_FAILURE, NOT_A_DATA_SET);
          // Text in the modality's Specific Character Set, sequence items included (breakit28: a
          // UTF-8 reason's code meaning was stored as 'frÃ¸s'); a set Radvis cannot read → 0x0106 (breakit32).
          decodeMppsText(elements);
          const input = readMppsSet(elements);
          const result = await updatePerformedStepStatus(db, this.door(), {
            sopInstanceUid: uid,
            ...input,
            attributes: keepable(elements ?? {}),
            // PS3.4 F.7.2.2.2 / Table F.7.2-1: final-state attributes, end within [start, now + skew].
            check: (step) => checkStepEnd({ ...step, now: new Date(), skewMs }),
            // A changed Timezone Offset From UTC moves the start too (PS3.3 C.12.1.1.8).
            start: stepStart,
          });
          if (result.outcome === 'no-such-instance') return respond(STATUS_NO_SUCH_INSTANCE, 'No such SOP Instance');
          // PS3.4 F.7.2.2.3: N-SET only while IN PROGRESS; else 0110 with the comment and Error ID of Table F.7.2-2.
          if (result.outcome === 'final') return respond(STATUS_PROCESSING_FAILURE, MAY_NO_LONGER_BE_UPDATED, ERROR_ID_MAY_NO_LONGER_BE_UPDATED);
          log.info({ calling: this.callingAe, status: result.status }, 'DICOM MPPS updated');
          respond(SUCCESS);
        } catch (e) {
          if (e instanceof MppsError) {
            // Status only: the Error Comment goes to the peer; the access log holds the refusal.
            log.warn({ calling: this.callingAe, status: e.status }, 'DICOM N-SET refused');
            return respond(e.status, e.message);
          }
          log.error({ calling: this.callingAe, err: errorText(e) }, 'DICOM N-SET failed');
          respond(STATUS_PROCESSING_FAILURE, 'Processing failure');
        }
      })();
    }
  }

  return {
    name: 'dicom',
    port() {
      const a = server?.address();
      return a && typeof a === 'object' ? a.port : opts.port;
    },
    start() {
      return new Promise((resolve, reject) => {
        // noDelay: answers go out as they are written. With Nagle's algorithm on, each small PDU
        // after the first waited for the peer's delayed ACK (~40 ms each on Linux): a C-FIND took a
        // flat ~140 ms even on an idle machine. dcmtk sets TCP_NODELAY on its side for the same reason.
        const s = net.createServer({ noDelay: true }, (socket) => {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
          // The guard reads each chunk before the library does (its listener comes first). dcmjs-dimse
          // answers an A-ASSOCIATE-RQ with the requestor's own Maximum Length (0 = unlimited, PS3.8
          // D.1), so the cap on P-DATA-TF is not ours to negotiate: 16 MiB, far above any worklist or
          // MPPS message and far below the 4 GiB a broken peer may announce.
          const guard = new PduGuard(MAX_DATA_PDU);
          let scp: RadvisScp | undefined;
          const watch = (chunk: Buffer) => {
            const problem = guard.feed(chunk);
            if (!problem) return;
            socket.off('data', watch);
            log.warn({ problem: problem.kind }, 'DICOM connection ended: not a valid PDU stream');
            if (scp) scp.abortConnection(problem.abortReason);
            else socket.destroy();
          };
          socket.on('data', watch);
          try {
            scp = new RadvisScp(socket, guard);
            const s = scp;
            // A PDU or DIMSE message the library could not read (PS3.8 9.3.8: the provider aborts).
            scp.on('networkError', () => s.abortConnection(0));
          } catch (e) {
            log.error({ err: errorText(e) }, 'DICOM connection could not be set up');
            socket.destroy();
          }
        });
        s.once('error', reject);
        s.listen(opts.port, opts.host, () => {
          s.off('error', reject);
          s.on('error', (e) => log.error({ err: errorText(e) }, 'DICOM listener error'));
          server = s;
          const a = s.address();
          const port = a && typeof a === 'object' ? a.port : opts.port;
          resolve(`dicom://${opts.host}:${port} (AE title ${ownAe})`);
        });
      });
    },
    stop() {
      return new Promise((resolve) => {
        if (!server) return resolve();
        const s = server;
        server = undefined;
        s.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

function isMalformed(elements: unknown): boolean {
  return !!elements && typeof elements === 'object' && (elements as { [MALFORMED]?: boolean })[MALFORMED] === true;
}

/**
 * What the server log gets of an error: its name and code (a database error's SQLSTATE), never its
 * message — a failed query's message can quote the values it was given (names, fødselsnummer).
 */
function errorText(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? `${e.name} ${code}` : e.name;
}
