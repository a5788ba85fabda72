import type { Failure } from '../hooks/use-actions.js';
import type { OverlayHandle } from '../hooks/use-overlay.js';
import ConfirmDialog from './ConfirmDialog.js';
import HelpOverlay from './HelpOverlay.js';
import HookOutput from './HookOutput.js';
import Picker from './Picker.js';
import TextPrompt from './TextPrompt.js';

/** The dialog shown over the body, if any: a failed write first, then the open overlay. */
export function modalFor(failure: Failure | null, dismissFailure: () => void, o: OverlayHandle, width: number, height: number) {
  if (failure) {
    return (
      <ConfirmDialog
        title={failure.title}
        lines={[failure.message, ...(failure.hint ? [failure.hint] : []), 'Nothing about this action was recorded, and the screen shows only what the log has.']}
        yes="retry"
        tone="bad"
        width={width}
        height={height}
        onYes={failure.retry}
        onNo={dismissFailure}
      />
    );
  }
  const overlay = o.overlay;
  if (overlay?.kind === 'help') return <HelpOverlay key={overlay.serial} width={width} height={height} onClose={o.close} />;
  if (overlay?.kind === 'confirm') return <ConfirmDialog key={overlay.serial} {...overlay} width={width} height={Math.min(height, overlay.lines.length * 2 + 5)} onNo={o.close} />;
  if (overlay?.kind === 'prompt') return <TextPrompt key={overlay.serial} {...overlay} width={width} height={Math.min(height, 12)} onCancel={o.close} />;
  if (overlay?.kind === 'output') return <HookOutput key={overlay.serial} {...overlay} width={width} height={height} onClose={o.close} />;
  if (overlay?.kind === 'pick') return <Picker key={overlay.serial} {...overlay} width={width} height={Math.min(height, overlay.items.length + 4)} onCancel={o.close} />;
  return null;
}
