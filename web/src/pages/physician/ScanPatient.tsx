import { useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import type { Patient } from '../../api/types';
import { Dialog, DialogActions } from '../../components/Dialog';
import { StackedInput } from '../../components/Field';
import { ErrorNotice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
import { mrnFromBarcode } from '../../recording/barcode';

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (opts?: { formats?: string[] }) => BarcodeDetectorLike;

function barcodeDetector(): BarcodeDetectorCtor | null {
  return ((window as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector ??
    null) as BarcodeDetectorCtor | null;
}

/**
 * Find the patient from a wristband or chart barcode: the camera with the browser's
 * BarcodeDetector where there is one, otherwise (and always) the MRN typed, or typed by a
 * keyboard-emulating barcode scanner, which ends with Enter.
 */
export function ScanPatient({ onPatient }: { onPatient: (p: Patient) => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const find = useAction();
  const [camera, setCamera] = useState<'off' | 'on' | 'unavailable'>('off');
  const video = useRef<HTMLVideoElement>(null);
  const Detector = barcodeDetector();

  function lookUp(raw: string) {
    const mrn = mrnFromBarcode(raw);
    if (!mrn) {
      find.setError('That is not an MRN.');
      return;
    }
    return find.run(
      async () => {
        onPatient(await api.patient(mrn));
        setOpen(false);
        setTyped('');
      },
      {
        failure: (e) =>
          e instanceof ApiError && e.status === 404 ? `No patient has MRN ${mrn}.` : errorMessage(e),
      },
    );
  }
  const lookUpRef = useRef(lookUp);
  lookUpRef.current = lookUp;

  useEffect(() => {
    if (!open || !Detector || !navigator.mediaDevices?.getUserMedia) {
      setCamera(open && !Detector ? 'unavailable' : 'off');
      return;
    }
    let stream: MediaStream | null = null;
    let live = true;
    let timer = 0;
    const detector = new Detector();
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        if (!live || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        setCamera('on');
        const scan = async () => {
          if (!live || !video.current) return;
          try {
            const found = await detector.detect(video.current);
            const hit = found.map((b) => b.rawValue).find((v) => mrnFromBarcode(v));
            if (hit) {
              void lookUpRef.current(hit);
              return;
            }
          } catch {
            /* a frame that could not be read */
          }
          timer = window.setTimeout(scan, 250);
        };
        void scan();
      } catch {
        if (live) setCamera('unavailable');
      }
    })();
    return () => {
      live = false;
      clearTimeout(timer);
      for (const t of stream?.getTracks() ?? []) t.stop();
    };
  }, [open, Detector]);

  return (
    <>
      <button type="button" className="small" onClick={() => setOpen(true)}>
        Scan wristband
      </button>
      <Dialog open={open} title="Scan the patient's wristband" onClose={() => setOpen(false)}>
        {Detector && camera !== 'unavailable' && (
          <video ref={video} className="scan-video" muted playsInline aria-label="Camera" />
        )}
        {camera === 'unavailable' && (
          <p className="muted small">
            No camera scanning in this browser: type the MRN, or use a barcode scanner.
          </p>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void lookUp(typed);
          }}
        >
          <StackedInput
            id="scan-mrn"
            label="MRN"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            inputMode="text"
            autoFocus
          />
          <ErrorNotice error={find.error} />
          <DialogActions
            onCancel={() => setOpen(false)}
            busy={find.busy}
            disabled={!typed.trim()}
            label="Find patient"
            busyLabel="Find patient"
          />
        </form>
      </Dialog>
    </>
  );
}
