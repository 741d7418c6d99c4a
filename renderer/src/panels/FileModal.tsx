import type { ReactNode } from 'react';
import { useDesigner } from '../store/store.ts';
import { Modal } from './Modal.tsx';

export function closeFileDialog(): void {
  useDesigner.getState().openFileDialog(null);
}

/** The frame of the pattern wizard and the import dialog. */
export function FileModal({
  title,
  testid,
  children,
}: {
  title: string;
  testid: string;
  children: ReactNode;
}) {
  return (
    <Modal title={title} testid={testid} onClose={closeFileDialog} wide>
      {children}
    </Modal>
  );
}
